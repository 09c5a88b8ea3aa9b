"""Many documents at once: read and check each (in worker processes or on a Dask cluster), turn it
into rows, and write them to the store from the one process holding the database."""
