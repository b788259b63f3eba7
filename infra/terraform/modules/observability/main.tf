# Prometheus scraping the services' /q/metrics and Triton's :8002 metrics, the adapter that turns
# them into the per-pod metrics the autoscalers read (request rate, Triton queue time), and an
# OpenTelemetry collector receiving the services' traces (OTLP).
resource "helm_release" "prometheus" {
  name             = "prometheus"
  namespace        = var.namespace
  create_namespace = true
  repository       = "https://prometheus-community.github.io/helm-charts"
  chart            = "kube-prometheus-stack"
  version          = "66.3.1"
  values = [yamlencode({
    prometheus = { prometheusSpec = { retention = var.retention, podMonitorSelectorNilUsesHelmValues = false } }
  })]
}

resource "helm_release" "adapter" {
  name       = "prometheus-adapter"
  namespace  = var.namespace
  repository = "https://prometheus-community.github.io/helm-charts"
  chart      = "prometheus-adapter"
  version    = "4.11.0"
  values = [yamlencode({
    prometheus = { url = "http://prometheus-kube-prometheus-prometheus.${var.namespace}.svc" }
    rules = {
      custom = [
        {
          seriesQuery  = "http_server_requests_seconds_count{namespace!=\"\",pod!=\"\"}"
          resources    = { overrides = { namespace = { resource = "namespace" }, pod = { resource = "pod" } } }
          name         = { as = "http_server_requests_per_second" }
          metricsQuery = "sum(rate(<<.Series>>{<<.LabelMatchers>>}[1m])) by (<<.GroupBy>>)"
        },
        {
          seriesQuery  = "nv_inference_queue_duration_us{namespace!=\"\",pod!=\"\"}"
          resources    = { overrides = { namespace = { resource = "namespace" }, pod = { resource = "pod" } } }
          name         = { as = "triton_queue_duration_us_per_request" }
          metricsQuery = "sum(rate(<<.Series>>{<<.LabelMatchers>>}[1m])) by (<<.GroupBy>>) / clamp_min(sum(rate(nv_inference_request_success{<<.LabelMatchers>>}[1m])) by (<<.GroupBy>>), 1)"
        },
      ]
    }
  })]
  depends_on = [helm_release.prometheus]
}

resource "helm_release" "otel_collector" {
  name       = "otel-collector"
  namespace  = var.namespace
  repository = "https://open-telemetry.github.io/opentelemetry-helm-charts"
  chart      = "opentelemetry-collector"
  version    = "0.111.0"
  values = [yamlencode({
    mode  = "deployment"
    image = { repository = "otel/opentelemetry-collector-contrib" }
    config = {
      exporters = var.otlp_traces_endpoint == "" ? { debug = {} } : { otlphttp = { endpoint = var.otlp_traces_endpoint } }
      service = {
        pipelines = {
          traces = { receivers = ["otlp"], processors = ["batch"], exporters = [var.otlp_traces_endpoint == "" ? "debug" : "otlphttp"] }
        }
      }
    }
  })]
  depends_on = [helm_release.prometheus]
}
