# FirstSeen pins for curl --pinnedpubkey, exported 2026-11-27.
# Each pin is the base64 SHA-256 of a certificate's SubjectPublicKeyInfo.
# Left out *.news.example: this client pins one named host; export each host.
# Left out **.bank.example: this client pins one named host; export each host.
# Left out old.example sha256/OOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOO=: expired 2026-11-22.

# pay.example.test:8443: leaf key, earlier leaf key
curl --pinnedpubkey 'sha256//LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL=;sha256//MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM=' 'https://pay.example.test:8443/'

# shop.example: leaf key, earlier leaf key
curl --pinnedpubkey 'sha256//LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL=;sha256//MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM=' 'https://shop.example/'

# single.example: leaf key
curl --pinnedpubkey 'sha256//LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL=' 'https://single.example/'

# xn--bcher-kva.example: leaf key, earlier leaf key
curl --pinnedpubkey 'sha256//LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL=;sha256//MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM=' 'https://xn--bcher-kva.example/'
