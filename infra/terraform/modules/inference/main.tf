# Triton on the GPU pool, reading infra/triton/model_repository from S3 (uploaded by
# infra/triton/extract-model.sh's output; tenants' learned rankers are published into the same
# repository by the interest-worker and loaded through the repository API, explicit model control).
# Scaled on queue time, exported to the autoscaler by the observability module's Prometheus adapter.
resource "aws_s3_bucket" "models" {
  bucket_prefix = "${var.name}-models-"
  tags          = var.tags
}

resource "aws_s3_bucket_versioning" "models" {
  bucket = aws_s3_bucket.models.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "models" {
  bucket = aws_s3_bucket.models.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "models" {
  bucket                  = aws_s3_bucket.models.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "triton_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${replace(var.oidc_issuer, "https://", "")}:sub"
      values   = ["system:serviceaccount:${var.namespace}:triton"]
    }
  }
}

resource "aws_iam_role" "triton" {
  name               = "${var.name}-triton"
  assume_role_policy = data.aws_iam_policy_document.triton_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "models_rw" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.models.arn, "${aws_s3_bucket.models.arn}/*"]
  }
}

resource "aws_iam_role_policy" "triton_models" {
  name   = "models"
  role   = aws_iam_role.triton.id
  policy = data.aws_iam_policy_document.models_rw.json
}

resource "kubernetes_service_account" "triton" {
  metadata {
    name        = "triton"
    namespace   = var.namespace
    annotations = { "eks.amazonaws.com/role-arn" = aws_iam_role.triton.arn }
  }
}

resource "kubernetes_deployment" "triton" {
  metadata {
    name      = "triton"
    namespace = var.namespace
    labels    = { app = "triton" }
  }
  spec {
    replicas = var.replicas.min
    selector {
      match_labels = { app = "triton" }
    }
    template {
      metadata {
        labels      = { app = "triton" }
        annotations = { "prometheus.io/scrape" = "true", "prometheus.io/port" = "8002" }
      }
      spec {
        service_account_name = kubernetes_service_account.triton.metadata[0].name
        node_selector        = { "kindred.dev/pool" = "gpu" }
        toleration {
          key      = "nvidia.com/gpu"
          operator = "Exists"
          effect   = "NoSchedule"
        }
        container {
          name  = "triton"
          image = var.triton_image
          args = [
            "tritonserver",
            "--model-repository=s3://${aws_s3_bucket.models.bucket}/model_repository",
            "--model-control-mode=explicit",
            "--load-model=all-minilm-l6-v2",
          ]
          port {
            container_port = 8000
            name           = "http"
          }
          port {
            container_port = 8002
            name           = "metrics"
          }
          readiness_probe {
            http_get {
              path = "/v2/health/ready"
              port = 8000
            }
          }
          liveness_probe {
            http_get {
              path = "/v2/health/live"
              port = 8000
            }
          }
          resources {
            limits = { "nvidia.com/gpu" = "1", memory = "16Gi" }
          }
        }
      }
    }
  }
}

resource "kubernetes_service" "triton" {
  metadata {
    name      = "triton"
    namespace = var.namespace
  }
  spec {
    selector = { app = "triton" }
    port {
      name        = "http"
      port        = 8000
      target_port = 8000
    }
  }
}

resource "kubernetes_horizontal_pod_autoscaler_v2" "triton" {
  metadata {
    name      = "triton"
    namespace = var.namespace
  }
  spec {
    min_replicas = var.replicas.min
    max_replicas = var.replicas.max
    scale_target_ref {
      api_version = "apps/v1"
      kind        = "Deployment"
      name        = kubernetes_deployment.triton.metadata[0].name
    }
    metric {
      type = "Pods"
      pods {
        metric {
          name = "triton_queue_duration_us_per_request"
        }
        target {
          type          = "AverageValue"
          average_value = tostring(var.target_queue_microseconds)
        }
      }
    }
  }
}
