# prod: three zones, a NAT gateway per zone, a multi-AZ primary with a read replica for serving,
# six brokers, GPU nodes that scale with Triton's queue. Composes modules only; sizes from the
# sizing table in infra/README.md.
locals {
  name = "kindred-${var.environment}"
}

module "network" {
  source             = "../../modules/network"
  name               = local.name
  availability_zones = var.availability_zones
  single_nat_gateway = false
}

module "database" {
  source                 = "../../modules/database"
  name                   = local.name
  subnet_ids             = module.network.private_subnet_ids
  security_group_ids     = [module.network.database_security_group_id]
  instance_class         = "db.r7g.2xlarge"
  replica_instance_class = "db.r7g.2xlarge"
  multi_az               = true
  allocated_storage_gb   = 500
  backup_retention_days  = 14
}

module "keycloak_database" {
  source             = "../../modules/database"
  name               = "${local.name}-keycloak"
  database_name      = "keycloak"
  subnet_ids         = module.network.private_subnet_ids
  security_group_ids = [module.network.database_security_group_id]
  instance_class     = "db.t4g.medium"
  multi_az           = true
}

module "eventlog" {
  source               = "../../modules/eventlog"
  name                 = local.name
  subnet_ids           = module.network.private_subnet_ids
  security_group_ids   = [module.network.kafka_security_group_id]
  broker_instance_type = "kafka.m7g.large"
  brokers              = 6
  broker_storage_gb    = 1000
}

module "topics" {
  source           = "../../modules/eventlog-topics"
  event_partitions = 48
}

module "cluster" {
  source             = "../../modules/cluster"
  name               = local.name
  subnet_ids         = module.network.private_subnet_ids
  security_group_ids = [module.network.cluster_security_group_id]
  cpu_instance_types = ["m7i.2xlarge"]
  cpu_nodes          = { min = 3, desired = 4, max = 20 }
  gpu_nodes          = { min = 2, desired = 2, max = 6 }
}

module "observability" {
  source = "../../modules/observability"
}

module "identity" {
  source              = "../../modules/identity"
  hostname            = var.keycloak_hostname
  database_host       = module.keycloak_database.endpoint
  database_name       = module.keycloak_database.database_name
  database_secret_arn = module.keycloak_database.master_secret_arn
  replicas            = 3
  realm_file          = "${path.root}/../../../keycloak/kindred-realm.json"
}

module "services" {
  source         = "../../modules/services"
  namespace      = "kindred"
  image_registry = var.image_registry
  image_tag      = var.image_tag
  secret_name    = var.services_secret_name
  config = {
    KINDRED_DB_HOST                     = module.database.endpoint
    KINDRED_DB_READ_HOST                = module.database.reader_endpoint
    KINDRED_DB_NAME                     = module.database.database_name
    KINDRED_OIDC_ISSUER                 = module.identity.issuer_url
    KINDRED_INFERENCE_BACKEND           = "triton"
    KINDRED_INFERENCE_TRITON_URL        = module.inference.url
    KINDRED_EVENTLOG                    = "postgres"
    KINDRED_EVENTLOG_KAFKA_SERVERS      = module.eventlog.bootstrap_brokers
    KINDRED_EVENTLOG_KAFKA_TOPIC        = module.topics.events_topic
    QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT = module.observability.otlp_endpoint
  }
}

module "inference" {
  source            = "../../modules/inference"
  name              = local.name
  namespace         = module.services.namespace
  oidc_provider_arn = module.cluster.oidc_provider_arn
  oidc_issuer       = module.cluster.oidc_issuer
  replicas          = { min = 2, max = 6 }
}
