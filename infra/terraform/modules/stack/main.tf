# One complete Kindred: every module wired to the others. Environments differ only in the sizes
# they pass (var.size) and in where they run; they call this module and configure the providers.
locals {
  name = "kindred-${var.environment}"
}

module "network" {
  source             = "../network"
  name               = local.name
  availability_zones = var.availability_zones
  single_nat_gateway = var.size.single_nat_gateway
}

module "database" {
  source                 = "../database"
  name                   = local.name
  subnet_ids             = module.network.private_subnet_ids
  security_group_ids     = [module.network.database_security_group_id]
  instance_class         = var.size.db_instance_class
  replica_instance_class = var.size.db_replica_instance_class
  multi_az               = var.size.db_multi_az
  allocated_storage_gb   = var.size.db_storage_gb
  backup_retention_days  = var.size.db_backup_days
}

module "keycloak_database" {
  source             = "../database"
  name               = "${local.name}-keycloak"
  database_name      = "keycloak"
  subnet_ids         = module.network.private_subnet_ids
  security_group_ids = [module.network.database_security_group_id]
  instance_class     = var.size.keycloak_db_instance_class
  multi_az           = var.size.db_multi_az
}

module "eventlog" {
  source               = "../eventlog"
  name                 = local.name
  subnet_ids           = module.network.private_subnet_ids
  security_group_ids   = [module.network.kafka_security_group_id]
  broker_instance_type = var.size.kafka_broker_type
  brokers              = var.size.kafka_brokers
  broker_storage_gb    = var.size.kafka_storage_gb
}

module "topics" {
  source           = "../eventlog-topics"
  event_partitions = var.size.event_partitions
}

module "cluster" {
  source             = "../cluster"
  name               = local.name
  subnet_ids         = module.network.private_subnet_ids
  security_group_ids = [module.network.cluster_security_group_id]
  cpu_instance_types = var.size.cpu_instance_types
  cpu_nodes          = var.size.cpu_nodes
  gpu_nodes          = var.size.gpu_nodes
}

module "observability" {
  source = "../observability"
}

module "identity" {
  source              = "../identity"
  hostname            = var.keycloak_hostname
  database_host       = module.keycloak_database.endpoint
  database_name       = module.keycloak_database.database_name
  database_secret_arn = module.keycloak_database.master_secret_arn
  replicas            = var.size.keycloak_replicas
  realm_file          = "${path.module}/../../../keycloak/kindred-realm.json"
}

module "services" {
  source         = "../services"
  namespace      = "kindred"
  image_registry = var.image_registry
  image_tag      = var.image_tag
  secret_name    = var.services_secret_name
  config = {
    KINDRED_DB_HOST              = module.database.endpoint
    KINDRED_DB_READ_HOST         = module.database.reader_endpoint
    KINDRED_DB_NAME              = module.database.database_name
    KINDRED_OIDC_ISSUER          = module.identity.issuer_url
    KINDRED_INFERENCE_BACKEND    = "triton"
    KINDRED_INFERENCE_TRITON_URL = module.inference.url
    # "kafka" switches end-users' events to MSK (issue 12); the client has no MSK IAM (SASL/OAUTHBEARER)
    # settings yet, so the stack keeps PostgreSQL as the log until they are wired (infra/README.md).
    KINDRED_EVENTLOG                    = "postgres"
    KINDRED_KAFKA_BOOTSTRAP_SERVERS     = module.eventlog.bootstrap_brokers
    KINDRED_KAFKA_TOPIC                 = module.topics.events_topic
    KINDRED_KAFKA_PARTITIONS            = tostring(var.size.event_partitions)
    QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT = module.observability.otlp_endpoint
  }
}

module "inference" {
  source            = "../inference"
  name              = local.name
  namespace         = module.services.namespace
  oidc_provider_arn = module.cluster.oidc_provider_arn
  oidc_issuer       = module.cluster.oidc_issuer
  replicas          = var.size.triton_replicas
}
