# Read by the `flask` command only (python-dotenv); the real environment wins.
# A checkout is a development machine; production sets STREFY_ENV=production.
FLASK_APP=app
STREFY_ENV=development
