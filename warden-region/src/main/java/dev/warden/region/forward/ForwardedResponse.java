package dev.warden.region.forward;

/** The home region's answer to a forwarded admin request, as its admin API gave it. */
public record ForwardedResponse(int status, String mediaType, byte[] body) {
    public ForwardedResponse {
        mediaType = mediaType == null ? "" : mediaType;
        body = body == null ? new byte[0] : body;
    }

    @Override
    public String toString() {
        return "ForwardedResponse[" + status + ", " + body.length + " bytes]";
    }
}
