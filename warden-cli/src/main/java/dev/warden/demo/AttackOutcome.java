package dev.warden.demo;

/** What one attack achieved: whether it was blocked, how, and how long the refusal took. */
record AttackOutcome(String attack, boolean blocked, String how, long elapsedMillis) {
    String elapsedText() {
        return elapsedMillis < 0 ? "-" : elapsedMillis + " ms";
    }
}
