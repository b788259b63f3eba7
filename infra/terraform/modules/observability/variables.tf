variable "namespace" {
  type        = string
  description = "Namespace of Prometheus, the adapter and the OpenTelemetry collector."
  default     = "kindred-observability"
}

variable "retention" {
  type        = string
  description = "How long Prometheus keeps samples."
  default     = "15d"
}

variable "otlp_traces_endpoint" {
  type        = string
  description = "Where the collector exports traces (a managed tracing backend); empty: debug exporter only."
  default     = ""
}
