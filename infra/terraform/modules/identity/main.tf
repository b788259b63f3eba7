# Keycloak with its own database, the Kindred realm imported on first start (organizations for
# tenants, the console's client, the control service's client, realm roles).
resource "kubernetes_namespace" "this" {
  metadata {
    name = var.namespace
  }
}

resource "kubernetes_config_map" "realm" {
  metadata {
    name      = "kindred-realm"
    namespace = kubernetes_namespace.this.metadata[0].name
  }
  data = {
    "kindred-realm.json" = file(var.realm_file)
  }
}

resource "helm_release" "keycloak" {
  name       = "keycloak"
  namespace  = kubernetes_namespace.this.metadata[0].name
  repository = "https://codecentric.github.io/helm-charts"
  chart      = "keycloakx"
  version    = var.chart_version
  values = [yamlencode({
    replicas = var.replicas
    command  = ["/opt/keycloak/bin/kc.sh", "start", "--import-realm", "--hostname=${var.hostname}"]
    database = {
      vendor         = "postgres"
      hostname       = var.database_host
      port           = 5432
      database       = var.database_name
      username       = "kindred"
      existingSecret = "keycloak-db"
    }
    extraVolumes      = "- name: realm\n  configMap:\n    name: ${kubernetes_config_map.realm.metadata[0].name}\n"
    extraVolumeMounts = "- name: realm\n  mountPath: /opt/keycloak/data/import\n  readOnly: true\n"
    annotations       = { "kindred.dev/db-secret" = var.database_secret_arn }
    http              = { relativePath = "/" }
    ingress           = { enabled = true, rules = [{ host = var.hostname, paths = [{ path = "/", pathType = "Prefix" }] }] }
    resources         = { requests = { cpu = "500m", memory = "1Gi" }, limits = { memory = "2Gi" } }
  })]
}
