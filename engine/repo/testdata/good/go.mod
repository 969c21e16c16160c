module example.com/good

go 1.26

require golang.org/x/text v0.1.0
