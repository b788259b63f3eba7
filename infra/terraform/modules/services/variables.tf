variable "namespace" {
  type        = string
  description = "Kubernetes namespace of the services."
}

variable "image_registry" {
  type        = string
  description = "Registry holding the Jib-built images (<registry>/kindred/<service>:<tag>)."
}

variable "image_tag" {
  type        = string
  description = "The release to run (the project version or a commit)."
}

variable "config" {
  type        = map(string)
  description = "KINDRED_* settings common to every service (database URLs, Keycloak issuer, Triton URL, event log)."
}

variable "secret_name" {
  type        = string
  description = "Kubernetes secret with the services' credentials (database password, privacy master key)."
}

variable "services" {
  type = map(object({
    replicas_min       = number
    replicas_max       = number
    cpu                = string
    memory             = string
    target_rps_per_pod = number
  }))
  description = "Each service's size and autoscaling: requests/s per pod above which a pod is added (0: no HTTP autoscaling)."
  default = {
    control           = { replicas_min = 2, replicas_max = 3, cpu = "500m", memory = "768Mi", target_rps_per_pod = 0 }
    ingest            = { replicas_min = 2, replicas_max = 12, cpu = "1", memory = "1Gi", target_rps_per_pod = 200 }
    "interest-worker" = { replicas_min = 1, replicas_max = 1, cpu = "2", memory = "3Gi", target_rps_per_pod = 0 }
    recommend         = { replicas_min = 2, replicas_max = 20, cpu = "2", memory = "2Gi", target_rps_per_pod = 40 }
    "web-console"     = { replicas_min = 2, replicas_max = 4, cpu = "500m", memory = "1Gi", target_rps_per_pod = 0 }
  }
}
