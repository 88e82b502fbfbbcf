"""Importing member lists: readers, header mapping, value normalisation and batches."""
