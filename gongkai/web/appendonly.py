"""Append-only records at the model layer: the event log of applications and
the published versions of annual reports (sent letters have their own rule in
``applications.models.letter``).

A row can be created; ``save()`` on a row that is already stored, ``delete()``,
and queryset ``update()``/``delete()`` raise ``AppendOnlyError``. (Deleting
the owning application or report is not done by the platform; the database
cascade is outside the model layer.)
"""

from __future__ import annotations

from django.db import models


class AppendOnlyError(ValueError):
    """An attempt to change or delete an append-only record."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name}只能追加，不能修改")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name}只能追加，不能删除")

    update.queryset_only = True
    delete.queryset_only = True


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding or (self.pk and type(self)._base_manager.filter(pk=self.pk).exists()):
            raise AppendOnlyError(f"{self._meta.verbose_name}只能追加，不能修改")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name}只能追加，不能删除")
