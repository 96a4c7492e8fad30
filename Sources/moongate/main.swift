print("moongate: not built yet")
