"""Running the app for real: health checks for the load balancer, request logging, backups
and what the operator's commands need. Plumbing: it imports no feature (pyproject's
import-linter contracts)."""
