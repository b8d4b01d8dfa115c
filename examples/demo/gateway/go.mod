// Hand-written demo module (Ward examples): an API gateway on an old toolchain and x/net.
module example.com/shop/gateway

go 1.20

require (
	github.com/BurntSushi/toml v1.4.0
	golang.org/x/net v0.7.0
	golang.org/x/text v0.3.7 // indirect
)
