variable "environment" {
  type        = string
  description = "Environment name, part of every resource name."
}

variable "availability_zones" {
  type        = list(string)
  description = "Zones used."
}

variable "image_registry" {
  type        = string
  description = "Registry of the Jib-built images."
}

variable "image_tag" {
  type        = string
  description = "Release to deploy."
}

variable "keycloak_hostname" {
  type        = string
  description = "Public host name of Keycloak."
}

variable "services_secret_name" {
  type        = string
  description = "Kubernetes secret with database credentials and the privacy master key (External Secrets)."
}

variable "size" {
  type = object({
    single_nat_gateway         = bool
    db_instance_class          = string
    db_replica_instance_class  = string
    db_multi_az                = bool
    db_storage_gb              = number
    db_backup_days             = number
    keycloak_db_instance_class = string
    kafka_broker_type          = string
    kafka_brokers              = number
    kafka_storage_gb           = number
    event_partitions           = number
    cpu_instance_types         = list(string)
    cpu_nodes                  = object({ min = number, desired = number, max = number })
    gpu_nodes                  = object({ min = number, desired = number, max = number })
    keycloak_replicas          = number
    triton_replicas            = object({ min = number, max = number })
  })
  description = "Everything an environment sizes (infra/README.md's sizing table); db_replica_instance_class null: no replica."
}
