module afc.local/standin

go 1.22
