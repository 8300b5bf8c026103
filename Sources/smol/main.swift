print("smol")
