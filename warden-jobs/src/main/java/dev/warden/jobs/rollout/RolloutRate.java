package dev.warden.jobs.rollout;

/**
 * How fast a job reaches its things: at most {@code n} notifications a minute, or a rate that starts at a base and is
 * multiplied by a factor each time enough things were notified (or succeeded) since the last increase, capped at a
 * maximum, as AWS IoT Jobs' exponential rollout.
 */
public sealed interface RolloutRate {
    int MAX_PER_MINUTE = 1000;

    /** The rate allowed now, given how far the rollout has come. */
    int perMinute(RolloutProgress progress);

    /** The same rate all along. */
    record Constant(int maximumPerMinute) implements RolloutRate {
        public Constant {
            requirePerMinute(maximumPerMinute, "maximumPerMinute");
        }

        @Override
        public int perMinute(RolloutProgress progress) {
            return maximumPerMinute;
        }
    }

    /**
     * @param increaseEvery  how many things must be notified (or, with {@code onSuccess}, succeed) for each increase
     * @param onSuccess      count successes rather than notifications, so that a failing rollout does not speed up
     */
    record Exponential(
            int basePerMinute, double incrementFactor, int increaseEvery, boolean onSuccess, int maximumPerMinute)
            implements RolloutRate {
        public Exponential {
            requirePerMinute(basePerMinute, "basePerMinute");
            requirePerMinute(maximumPerMinute, "maximumPerMinute");
            if (!(incrementFactor >= 1.1 && incrementFactor <= 5)) {
                throw new IllegalArgumentException("incrementFactor must be 1.1 to 5");
            }
            if (increaseEvery < 1) {
                throw new IllegalArgumentException("the increase criterion must count at least 1 thing");
            }
            if (basePerMinute > maximumPerMinute) {
                throw new IllegalArgumentException("basePerMinute is above maximumPerMinute");
            }
        }

        @Override
        public int perMinute(RolloutProgress progress) {
            long counted = onSuccess ? progress.succeeded() : progress.notified();
            double rate = basePerMinute * Math.pow(incrementFactor, (double) (counted / increaseEvery));
            return (int) Math.min(maximumPerMinute, Math.floor(rate));
        }
    }

    private static void requirePerMinute(int value, String name) {
        if (value < 1 || value > MAX_PER_MINUTE) {
            throw new IllegalArgumentException(name + " must be 1 to " + MAX_PER_MINUTE);
        }
    }
}
