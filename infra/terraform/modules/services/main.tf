# Kindred's services and console as Kubernetes deployments: the images Jib builds from the Maven
# reactor, readiness and liveness from each Quarkus health endpoint, settings as KINDRED_* variables,
# and horizontal autoscaling on request rate (per-pod http_server_requests from Prometheus via the
# adapter) for the HTTP services. The interest-worker scales with the event log's partitions (issue 12).
resource "kubernetes_namespace" "this" {
  metadata {
    name = var.namespace
  }
}

resource "kubernetes_config_map" "kindred" {
  metadata {
    name      = "kindred"
    namespace = kubernetes_namespace.this.metadata[0].name
  }
  data = var.config
}

resource "kubernetes_deployment" "service" {
  for_each = var.services
  metadata {
    name      = each.key
    namespace = kubernetes_namespace.this.metadata[0].name
    labels    = { app = each.key }
  }
  spec {
    replicas = each.value.replicas_min
    selector {
      match_labels = { app = each.key }
    }
    template {
      metadata {
        labels      = { app = each.key }
        annotations = { "prometheus.io/scrape" = "true", "prometheus.io/path" = "/q/metrics", "prometheus.io/port" = "8080" }
      }
      spec {
        node_selector = { "kindred.dev/pool" = "cpu" }
        container {
          name  = each.key
          image = "${var.image_registry}/kindred/${each.key}:${var.image_tag}"
          port {
            container_port = 8080
          }
          env {
            name  = "QUARKUS_HTTP_HOST"
            value = "0.0.0.0"
          }
          env {
            name  = "QUARKUS_HTTP_PORT"
            value = "8080"
          }
          env_from {
            config_map_ref {
              name = kubernetes_config_map.kindred.metadata[0].name
            }
          }
          env_from {
            secret_ref {
              name = var.secret_name
            }
          }
          readiness_probe {
            http_get {
              path = "/q/health/ready"
              port = 8080
            }
            period_seconds = 5
          }
          liveness_probe {
            http_get {
              path = "/q/health/live"
              port = 8080
            }
            initial_delay_seconds = 30
          }
          resources {
            requests = { cpu = each.value.cpu, memory = each.value.memory }
            limits   = { memory = each.value.memory }
          }
        }
      }
    }
  }
}

resource "kubernetes_service" "service" {
  for_each = var.services
  metadata {
    name      = each.key
    namespace = var.namespace
  }
  spec {
    selector = { app = each.key }
    port {
      port        = 80
      target_port = 8080
    }
  }
}

resource "kubernetes_horizontal_pod_autoscaler_v2" "service" {
  for_each = { for name, s in var.services : name => s if s.target_rps_per_pod > 0 }
  metadata {
    name      = each.key
    namespace = var.namespace
  }
  spec {
    min_replicas = each.value.replicas_min
    max_replicas = each.value.replicas_max
    scale_target_ref {
      api_version = "apps/v1"
      kind        = "Deployment"
      name        = kubernetes_deployment.service[each.key].metadata[0].name
    }
    metric {
      type = "Pods"
      pods {
        metric {
          name = "http_server_requests_per_second"
        }
        target {
          type          = "AverageValue"
          average_value = tostring(each.value.target_rps_per_pod)
        }
      }
    }
  }
}
