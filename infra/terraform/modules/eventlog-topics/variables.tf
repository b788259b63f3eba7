variable "event_partitions" {
  type        = number
  description = "Partitions of the events topic (the most worker instances that can share the projection load)."
  default     = 48
}

variable "retention_days" {
  type        = number
  description = "How long Kafka keeps events; the PostgreSQL event store stays the archive and replay source."
  default     = 7
}
