from django.db import models


class TaskOnce(models.Model):
    """A task enqueued under a purpose key; the unique key makes a second enqueue a no-op."""

    key = models.CharField(max_length=200, unique=True)
    task_result_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
