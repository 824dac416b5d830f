# Every validation of the root module's variables rejects a bad value (expect_failures).
# Each run breaks one rule per variable, so a passing run proves each listed rule fires.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  environment = "test"
}

run "names_region_retention_sizes_rejected" {
  command = plan

  variables {
    name                 = "IoT_Pipeline"
    environment          = "Prod-1"
    region               = "europe-west"
    log_retention_days   = 10
    streams              = { min_count = 3, desired_count = 2, max_count = 6 }
    database             = { min_capacity_acu = 8, max_capacity_acu = 4 }
    archive              = { glacier_after_days = 30, expire_after_days = 60 }
    pagerduty_events_url = "http://events.pagerduty.com/v2/enqueue"
    msk                  = { instance_type = "m5.large" }
  }

  expect_failures = [var.name, var.environment, var.region, var.log_retention_days, var.streams, var.database, var.archive, var.pagerduty_events_url, var.msk]
}

run "streams_rocksdb_budget_beyond_half_the_task_rejected" {
  command = plan

  variables {
    streams = { memory_mb = 2048, rocksdb_memory_mb = 1100 }
  }

  expect_failures = [var.streams]
}

run "modes_rejected" {
  command = plan

  variables {
    msk    = { mode = "dedicated" }
    lambda = { runtime = "python" }
    iot    = { fleet_provisioning_enabled = true }
    alarms = { fleet_silence_minutes = 7 }
  }

  expect_failures = [var.msk, var.lambda, var.iot, var.alarms]
}

run "az_count_keys_auth_and_email_rejected" {
  command = plan

  variables {
    network = { az_count = 4 }
    msk     = { broker_count = 4 }
    lambda  = { artifact_paths = { ingester = "x.zip" } }
    iot     = { http_authorization_type = "API_KEY" }
    alarms  = { email_endpoints = ["ops-at-example.com"] }
  }

  expect_failures = [var.network, var.lambda, var.iot, var.alarms]
}

run "broker_spread_and_concurrency_rejected" {
  command = plan

  variables {
    msk    = { broker_count = 3 }
    lambda = { settings = { ingest = { reserved_concurrency = -5 } } }
  }

  expect_failures = [var.msk, var.lambda]
}

# A failing var.network suppresses the checks of var.msk (its broker rule refers to var.network),
# so the zone rule gets its own run.
run "too_few_zones_rejected" {
  command = plan

  variables {
    network = { az_count = 2, availability_zones = ["eu-west-1a"] }
  }

  expect_failures = [var.network]
}

run "serverless_ignores_broker_count_and_three_azs" {
  command = plan

  variables {
    network = { az_count = 3 }
    msk     = { mode = "serverless", broker_count = 2 }
  }

  assert {
    condition     = output.kafka_bootstrap_servers == "boot-mock.c1.kafka-serverless.eu-west-1.amazonaws.com:9098"
    error_message = "msk.mode = serverless wires the Serverless cluster's IAM bootstrap brokers into the pipeline; broker_count does not apply."
  }
}
