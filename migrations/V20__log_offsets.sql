-- kindred.eventlog=kafka: where each consumer group of the worker stands on each partition of the
-- event topic. Kept here, not in Kafka, so that a batch's projection writes and its offsets commit in
-- one transaction (LogOffsets: a compare-and-set on the offset the batch started from, so a member
-- that lost the partition in a rebalance cannot apply its batch twice). Not tenant data: a partition
-- carries many tenants, like subscription_checkpoints.
CREATE TABLE log_offsets (
  consumer_group text        NOT NULL,
  topic          text        NOT NULL,
  part           int         NOT NULL,
  next_offset    bigint      NOT NULL DEFAULT 0,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic, part)
);
GRANT SELECT, INSERT, UPDATE ON log_offsets TO kindred_app;
