output "events_topic" {
  value       = kafka_topic.events.name
  description = "The events topic (kindred.kafka.topic)."
}
