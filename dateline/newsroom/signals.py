from django.dispatch import Signal

# Sent after every change of editorial state that readers can see (publish, unpublish,
# update note, correction, retraction), whoever made it: admin, API, worker or command.
# Arguments: ``instance`` (the Article) and ``action`` (a short name such as "publish").
article_changed = Signal()
