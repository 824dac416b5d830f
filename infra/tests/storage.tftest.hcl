# Encryption and privacy of every store: archive bucket, SNS topics, secrets, Aurora.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  tags                       = { Project = "iot-pipeline", Environment = "test" }
  name                       = "iot-pipeline-test"
  subnet_ids                 = ["subnet-a", "subnet-b"]
  database_security_group_id = "sg-database"
}

run "archive_bucket_is_private_encrypted_and_tls_only" {
  command = plan

  module {
    source = "./modules/storage"
  }

  assert {
    condition     = alltrue([aws_s3_bucket_public_access_block.archive.block_public_acls, aws_s3_bucket_public_access_block.archive.block_public_policy, aws_s3_bucket_public_access_block.archive.ignore_public_acls, aws_s3_bucket_public_access_block.archive.restrict_public_buckets])
    error_message = "The archive bucket must set all four public access block flags."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.archive.rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms" && one(one(aws_s3_bucket_server_side_encryption_configuration.archive.rule).apply_server_side_encryption_by_default).kms_master_key_id == aws_kms_key.this.arn
    error_message = "The archive bucket must be encrypted with SSE-KMS under the pipeline's customer managed key."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_s3_bucket_policy.archive.policy).Statement :
      s.Effect == "Deny" && s.Action == "s3:*" && try(s.Condition.Bool["aws:SecureTransport"], "") == "false" && contains(s.Resource, "${aws_s3_bucket.archive.arn}/*")
    ])
    error_message = "The archive bucket policy must deny every request with aws:SecureTransport = false (TLS only)."
  }

  assert {
    condition     = one(aws_s3_bucket_versioning.archive.versioning_configuration).status == "Enabled"
    error_message = "The archive bucket must be versioned."
  }

  assert {
    condition     = one(aws_s3_bucket_ownership_controls.archive.rule).object_ownership == "BucketOwnerEnforced"
    error_message = "The archive bucket must disable ACLs (BucketOwnerEnforced)."
  }

  assert {
    condition     = alltrue([for r in aws_s3_bucket_lifecycle_configuration.archive.rule : one(r.transition).days == 30 && one(r.transition).storage_class == "GLACIER" if contains(["archive-raw", "archive-alerts"], r.id)])
    error_message = "raw/ and alerts/ must move to Glacier after archive.glacier_after_days (default 30)."
  }

  assert {
    condition     = aws_kms_key.this.enable_key_rotation
    error_message = "The customer managed key must rotate."
  }

  assert {
    condition     = aws_s3_bucket.archive.tags == var.tags && aws_kms_key.this.tags == var.tags && aws_rds_cluster.this.tags == var.tags
    error_message = "The module's tags must be merged into every taggable resource."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_kms_key.this.policy).Statement : s.Sid == "AccountRootManagesKey" || alltrue([for a in flatten([s.Action]) : a != "kms:*"])
    ])
    error_message = "Only the account-root statement of the key policy may hold kms:*; service principals get named actions."
  }
}

run "topics_secrets_and_database_are_encrypted" {
  command = plan

  module {
    source = "./modules/storage"
  }

  variables {
    pagerduty_routing_key = "R0UTINGKEY"
  }

  assert {
    condition     = length(aws_sns_topic.this) == 3 && alltrue([for t in aws_sns_topic.this : t.kms_master_key_id == aws_kms_key.this.arn])
    error_message = "The critical, monitoring and alarms SNS topics must be encrypted with the pipeline's KMS key."
  }

  assert {
    condition = alltrue([
      for k, p in aws_sns_topic_policy.this : anytrue([
        for s in jsondecode(p.policy).Statement : s.Effect == "Deny" && try(s.Condition.Bool["aws:SecureTransport"], "") == "false"
      ])
    ]) && anytrue([for s in jsondecode(aws_sns_topic_policy.this["alarms"].policy).Statement : s.Effect == "Allow" && try(s.Principal.Service, "") == "cloudwatch.amazonaws.com"])
    error_message = "Every SNS topic denies non-TLS requests, and the alarms topic lets CloudWatch alarms publish."
  }

  assert {
    condition     = aws_secretsmanager_secret.pagerduty.kms_key_id == aws_kms_key.this.arn && length(aws_secretsmanager_secret_version.pagerduty) == 1
    error_message = "The PagerDuty routing key must be stored in Secrets Manager under the pipeline's key."
  }

  assert {
    condition     = aws_rds_cluster.this.storage_encrypted && aws_rds_cluster.this.kms_key_id == aws_kms_key.this.arn
    error_message = "Aurora storage must be encrypted with the pipeline's KMS key."
  }

  assert {
    condition     = aws_rds_cluster.this.manage_master_user_password && aws_rds_cluster.this.master_user_secret_kms_key_id == aws_kms_key.this.arn
    error_message = "The database master password must be managed by RDS in Secrets Manager (manage_master_user_password)."
  }

  assert {
    condition     = alltrue([for i in aws_rds_cluster_instance.this : !i.publicly_accessible && i.instance_class == "db.serverless"])
    error_message = "Database instances must be Serverless v2 and never publicly accessible."
  }

  assert {
    condition     = aws_rds_cluster.this.deletion_protection && aws_rds_cluster.this.engine == "aurora-postgresql"
    error_message = "Deletion protection is on by default for the registry/alert store."
  }

  assert {
    condition     = one([for p in aws_rds_cluster_parameter_group.this.parameter : p.value if p.name == "rds.force_ssl"]) == "1"
    error_message = "The database must refuse connections without TLS (rds.force_ssl = 1)."
  }
}

run "empty_secret_without_routing_key" {
  command = plan

  module {
    source = "./modules/storage"
  }

  variables {
    database = { deletion_protection = false, skip_final_snapshot = true }
  }

  assert {
    condition     = length(aws_secretsmanager_secret_version.pagerduty) == 0 && !aws_rds_cluster.this.deletion_protection
    error_message = "Without a routing key the secret is created empty; deletion_protection follows the variable."
  }
}

run "storage_validations" {
  command = plan

  module {
    source = "./modules/storage"
  }

  variables {
    kms      = { deletion_window_in_days = 3 }
    archive  = { glacier_after_days = 30, expire_after_days = 60 }
    database = { instance_count = 5 }
  }

  expect_failures = [var.kms, var.archive, var.database]
}

run "database_capacity_validation" {
  command = plan

  module {
    source = "./modules/storage"
  }

  variables {
    database = { min_capacity_acu = 8, max_capacity_acu = 4 }
  }

  expect_failures = [var.database]
}
