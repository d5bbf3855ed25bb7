package dev.warden.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.buckets.Bucket;
import dev.warden.buckets.BucketObject;
import dev.warden.buckets.BucketStore;
import dev.warden.buckets.ObjectSummary;
import dev.warden.buckets.ReplicationState;
import dev.warden.policy.Policy;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The {@code /buckets} routes and the account's Block Public Access setting. Actions {@code warden:*Bucket*} and
 * {@code warden:*Object} act on {@code arn:warden:warden:<region>:<account>:bucket/<name>} and
 * {@code .../bucket/<name>/<key>}; a route on an existing bucket is authorized by the caller's policies OR the
 * bucket's policy, and an explicit Deny in either wins. Object keys may contain {@code /}.
 */
public final class BucketsApi {
    private final BucketStore buckets;

    public BucketsApi(BucketStore buckets) {
        this.buckets = buckets;
    }

    /** Registers the routes; {@code admin} wraps each handler with authentication and authorization. */
    void register(AuditedRoutes routes, BiFunction<Function<Context, Policy>, Handler, Handler> admin) {
        Function<Context, Policy> none = ctx -> null;
        Function<Context, Policy> policy = ctx -> buckets.resourcePolicy(ctx.pathParam("name"));
        Function<Context, String> bucket = ctx -> buckets.arn(ctx.pathParam("name"), null);
        Function<Context, String> object = ctx -> buckets.arn(ctx.pathParam("name"), ctx.pathParam("key"));
        registerBuckets(routes, admin, none, policy, bucket);
        registerObjects(routes, admin, policy, bucket, object);
        registerReplication(routes, admin, policy, bucket);
        registerPublicAccessBlock(routes, admin, none);
    }

    /** Buckets themselves and their resource policies. */
    private void registerBuckets(
            AuditedRoutes routes,
            BiFunction<Function<Context, Policy>, Handler, Handler> admin,
            Function<Context, Policy> none,
            Function<Context, Policy> policy,
            Function<Context, String> bucket) {
        routes.add(
                POST,
                "/buckets",
                "warden:CreateBucket",
                ctx -> buckets.arn("*", null),
                admin.apply(none, this::create));
        routes.add(
                GET,
                "/buckets",
                "warden:ListBuckets",
                ctx -> buckets.arn("*", null),
                admin.apply(
                        none,
                        ctx -> ctx.json(Map.of(
                                "buckets",
                                buckets.list().stream().map(this::view).toList()))));
        routes.add(DELETE, "/buckets/{name}", "warden:DeleteBucket", bucket, admin.apply(policy, ctx -> {
            buckets.delete(ctx.pathParam("name"));
            ctx.status(204);
        }));
        routes.add(PUT, "/buckets/{name}/policy", "warden:PutBucketPolicy", bucket, admin.apply(policy, ctx -> {
            buckets.putPolicy(ctx.pathParam("name"), Requests.requiredText(Requests.body(ctx), "document"));
            ctx.json(view(buckets.bucket(ctx.pathParam("name"))));
        }));
        routes.add(
                GET,
                "/buckets/{name}/policy",
                "warden:GetBucketPolicy",
                bucket,
                admin.apply(
                        policy,
                        ctx -> ctx.json(Map.of(
                                "bucket", ctx.pathParam("name"), "document", buckets.policy(ctx.pathParam("name"))))));
        routes.add(DELETE, "/buckets/{name}/policy", "warden:DeleteBucketPolicy", bucket, admin.apply(policy, ctx -> {
            buckets.deletePolicy(ctx.pathParam("name"));
            ctx.status(204);
        }));
    }

    /** A bucket's objects: listed, put, read and deleted, under the bucket's policy. */
    private void registerObjects(
            AuditedRoutes routes,
            BiFunction<Function<Context, Policy>, Handler, Handler> admin,
            Function<Context, Policy> policy,
            Function<Context, String> bucket,
            Function<Context, String> object) {
        routes.add(
                GET,
                "/buckets/{name}/objects",
                "warden:ListBucket",
                bucket,
                admin.apply(
                        policy,
                        ctx -> ctx.json(Map.of(
                                "bucket",
                                ctx.pathParam("name"),
                                "objects",
                                buckets
                                        .list(
                                                ctx.pathParam("name"),
                                                ctx.queryParam("prefix"),
                                                ctx.queryParam("after"),
                                                Requests.limit(ctx))
                                        .stream()
                                        .map(BucketsApi::view)
                                        .toList()))));
        routes.add(PUT, "/buckets/{name}/objects/<key>", "warden:PutObject", object, admin.apply(policy, this::put));
        routes.add(GET, "/buckets/{name}/objects/<key>", "warden:GetObject", object, admin.apply(policy, this::get));
        routes.add(DELETE, "/buckets/{name}/objects/<key>", "warden:DeleteObject", object, admin.apply(policy, ctx -> {
            buckets.deleteObject(ctx.pathParam("name"), ctx.pathParam("key"));
            ctx.status(204);
        }));
    }

    /** Replication of a bucket to another region of its jurisdiction. */
    private void registerReplication(
            AuditedRoutes routes,
            BiFunction<Function<Context, Policy>, Handler, Handler> admin,
            Function<Context, Policy> policy,
            Function<Context, String> bucket) {
        routes.add(
                PUT, "/buckets/{name}/replication", "warden:PutBucketReplication", bucket, admin.apply(policy, ctx -> {
                    JsonNode body = Requests.body(ctx);
                    buckets.replication()
                            .put(
                                    ctx.pathParam("name"),
                                    Requests.requiredText(body, "destination"),
                                    Requests.optionalText(body, "prefix"));
                    ctx.json(view(buckets.replication().get(ctx.pathParam("name"))));
                }));
        routes.add(
                GET,
                "/buckets/{name}/replication",
                "warden:GetBucketReplication",
                bucket,
                admin.apply(policy, ctx -> ctx.json(view(buckets.replication().get(ctx.pathParam("name"))))));
        routes.add(
                DELETE,
                "/buckets/{name}/replication",
                "warden:DeleteBucketReplication",
                bucket,
                admin.apply(policy, ctx -> {
                    buckets.replication().delete(ctx.pathParam("name"));
                    ctx.status(204);
                }));
    }

    /** The node-wide Block Public Access switch. */
    private void registerPublicAccessBlock(
            AuditedRoutes routes,
            BiFunction<Function<Context, Policy>, Handler, Handler> admin,
            Function<Context, Policy> none) {
        Function<Context, String> block = ctx -> buckets.publicAccessBlockArn();
        routes.add(
                GET,
                "/public-access-block",
                "warden:GetPublicAccessBlock",
                block,
                admin.apply(
                        none,
                        ctx -> ctx.json(Map.of(
                                "blockPublicPolicy", buckets.publicAccessBlock().enabled()))));
        routes.add(PUT, "/public-access-block", "warden:PutPublicAccessBlock", block, admin.apply(none, ctx -> {
            JsonNode body = Requests.body(ctx);
            if (!body.path("blockPublicPolicy").isBoolean()) {
                throw ApiException.badRequest("INVALID_FIELD", "field 'blockPublicPolicy' (true or false) is required");
            }
            buckets.setPublicAccessBlock(body.path("blockPublicPolicy").booleanValue());
            ctx.json(Map.of("blockPublicPolicy", buckets.publicAccessBlock().enabled()));
        }));
    }

    /** Body {@code {"name": NAME, "retentionDays": N}} (retention optional). */
    private void create(Context ctx) {
        JsonNode body = Requests.body(ctx);
        String name = Requests.requiredText(body, "name");
        AuditedRoutes.resource(ctx, buckets.arn(name, null));
        ctx.status(201).json(view(buckets.create(name, Requests.optionalInt(body, "retentionDays"))));
    }

    /** Body {@code {"contentBase64": BYTES, "contentType": TYPE}} (type optional). */
    private void put(Context ctx) {
        if (ctx.contentLength() > BucketStore.MAX_OBJECT_BYTES * 4L / 3 + 4096) {
            // Refused before the body is read: the content cannot fit the object limit.
            throw new ApiException(
                    413, "OBJECT_TOO_LARGE", "an object has at most " + BucketStore.MAX_OBJECT_BYTES + " bytes");
        }
        JsonNode body = Requests.body(ctx);
        // An empty file is an object too: "" is its content, not a missing field.
        byte[] content =
                "".equals(body.path("contentBase64").textValue()) ? new byte[0] : KmsApi.base64(body, "contentBase64");
        ObjectSummary stored = buckets.put(
                ctx.pathParam("name"), ctx.pathParam("key"), content, Requests.optionalText(body, "contentType"));
        java.util.Arrays.fill(content, (byte) 0);
        Map<String, Object> view = view(stored);
        view.put("bucket", ctx.pathParam("name"));
        ctx.json(view);
    }

    private void get(Context ctx) {
        BucketObject object = buckets.get(ctx.pathParam("name"), ctx.pathParam("key"));
        Map<String, Object> view = view(object.summary());
        view.put("bucket", object.bucket());
        view.put("contentBase64", Base64.getEncoder().encodeToString(object.content()));
        ctx.json(view);
    }

    private Map<String, Object> view(Bucket b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.name());
        m.put("arn", buckets.arn(b.name(), null));
        m.put("retentionDays", b.retentionDays());
        m.put("hasPolicy", b.policy() != null);
        m.put("replicaOf", buckets.replication().replicaSource(b).orElse(null));
        m.put("createdAt", b.createdAt().toString());
        return m;
    }

    private static Map<String, Object> view(ReplicationState state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bucket", state.rule().bucket());
        m.put("destination", state.rule().destination());
        m.put("prefix", state.rule().prefix());
        m.put("createdAt", state.rule().createdAt().toString());
        m.put("pending", state.pending());
        m.put("lastError", state.lastError());
        return m;
    }

    private static Map<String, Object> view(ObjectSummary o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", o.key());
        m.put("size", o.size());
        m.put("contentType", o.contentType());
        m.put("createdAt", o.createdAt().toString());
        return m;
    }
}
