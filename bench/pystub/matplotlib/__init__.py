# A do-nothing stand-in for matplotlib, so the chapter's programs can be timed where
# matplotlib is not installed: every plotting call returns another stand-in.
