variable "name" {
  type        = string
  description = "Name prefix (e.g. kindred-prod)."
}

variable "namespace" {
  type        = string
  description = "Kubernetes namespace of Triton (shared with the services)."
}

variable "oidc_provider_arn" {
  type        = string
  description = "The cluster's OIDC provider (IRSA) for Triton's service account."
}

variable "oidc_issuer" {
  type        = string
  description = "The cluster's OIDC issuer URL."
}

variable "triton_image" {
  type        = string
  description = "Triton server image (NGC), with the onnxruntime and FIL backends."
  default     = "nvcr.io/nvidia/tritonserver:24.10-py3"
}

variable "replicas" {
  type        = object({ min = number, max = number })
  description = "Triton pods, one GPU each; the autoscaler moves between these."
  default     = { min = 1, max = 4 }
}

variable "target_queue_microseconds" {
  type        = number
  description = "Average request queue time per pod above which the autoscaler adds a pod."
  default     = 2000
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every AWS resource."
  default     = {}
}
