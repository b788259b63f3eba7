variable "region" {
  type        = string
  description = "AWS region."
  default     = "eu-central-1"
}

variable "environment" {
  type        = string
  description = "Environment name, part of every resource name."
  default     = "prod"
}

variable "availability_zones" {
  type        = list(string)
  description = "Zones used."
  default     = ["eu-central-1a", "eu-central-1b", "eu-central-1c"]
}

variable "image_registry" {
  type        = string
  description = "Registry of the Jib-built images."
}

variable "image_tag" {
  type        = string
  description = "Release to deploy."
  default     = "0.1.0-SNAPSHOT"
}

variable "keycloak_hostname" {
  type        = string
  description = "Public host name of Keycloak."
}

variable "services_secret_name" {
  type        = string
  description = "Kubernetes secret with database credentials and the privacy master key (External Secrets)."
  default     = "kindred-credentials"
}
