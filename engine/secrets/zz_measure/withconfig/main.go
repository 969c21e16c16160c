package main

import _ "github.com/zricethezav/gitleaks/v8/config"

func main() {}
