module isorpc.test/interop

go 1.18
