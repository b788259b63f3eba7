# dev: the smallest complete Kindred — two zones, one NAT gateway, no database replica, at most one
# GPU node, two small brokers. The wiring lives in modules/stack; this file only sizes it.
module "kindred" {
  source               = "../../modules/stack"
  environment          = var.environment
  availability_zones   = var.availability_zones
  image_registry       = var.image_registry
  image_tag            = var.image_tag
  keycloak_hostname    = var.keycloak_hostname
  services_secret_name = var.services_secret_name
  size = {
    single_nat_gateway         = true
    db_instance_class          = "db.t4g.large"
    db_replica_instance_class  = null
    db_multi_az                = false
    db_storage_gb              = 100
    db_backup_days             = 3
    keycloak_db_instance_class = "db.t4g.small"
    kafka_broker_type          = "kafka.t3.small"
    kafka_brokers              = 2
    kafka_storage_gb           = 100
    event_partitions           = 12
    cpu_instance_types         = ["m7i.xlarge"]
    cpu_nodes                  = { min = 2, desired = 2, max = 4 }
    gpu_nodes                  = { min = 0, desired = 1, max = 1 }
    keycloak_replicas          = 1
    triton_replicas            = { min = 1, max = 1 }
  }
}
