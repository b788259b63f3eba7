variable "namespace" {
  type        = string
  description = "Kubernetes namespace for Keycloak."
  default     = "kindred-identity"
}

variable "hostname" {
  type        = string
  description = "Public host name of Keycloak (the issuer the services trust)."
}

variable "database_host" {
  type        = string
  description = "Keycloak's own PostgreSQL host (a separate database module instance)."
}

variable "database_name" {
  type        = string
  description = "Keycloak's database."
}

variable "database_secret_arn" {
  type        = string
  description = "Secrets Manager secret with Keycloak's database password (synced into the namespace by the External Secrets operator)."
}

variable "replicas" {
  type        = number
  description = "Keycloak pods (clustered through its embedded Infinispan)."
  default     = 2
}

variable "realm_file" {
  type        = string
  description = "The realm imported at first start (the same file bin/kindred up imports locally)."
}

variable "chart_version" {
  type        = string
  description = "Version of the codecentric keycloakx Helm chart."
  default     = "7.0.1"
}
