output "events_topic" {
  value       = kafka_topic.events.name
  description = "The events topic (kindred.eventlog.kafka.topic)."
}

output "parked_topic" {
  value       = kafka_topic.parked.name
  description = "The dead-letter topic of events a projection could not apply."
}
