"""Every write of the reporting app: periods and deadlines, submissions and their workflow."""
