package config

import _ "embed"

// Starter is the commented configuration `paved init` writes.
//
//go:embed starter.yaml
var Starter []byte

// StarterWaivers is the waivers file `paved init` writes beside it.
const StarterWaivers = `# Governed exceptions to paved policies: schemas/paved.waivers.v1.json.
# Each waiver needs an id, the policy (id or glob), a reason and an owner;
# give it an expiry date so it is reviewed. A waived finding never blocks;
# an expired waiver stops waiving. List them: paved waivers list
waivers: []
#  - id: W-001
#    policy: TF-AWS-S3-004
#    target: infra/**
#    resource: aws_s3_bucket.access_logs
#    reason: the access-log bucket cannot log to itself
#    owner: team-platform
#    approved_by: security@example.com
#    expires: 2027-01-31
`
