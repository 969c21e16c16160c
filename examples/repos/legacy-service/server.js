require("express")().get("/", (_, res) => res.send("ok")).listen(8080);
