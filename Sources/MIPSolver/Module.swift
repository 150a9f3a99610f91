// CBC owner: mixed-integer programs built in Swift and solved by COIN-OR CBC.
