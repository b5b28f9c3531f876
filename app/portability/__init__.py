"""Taking the collective's data elsewhere and back: git histories (and, later, whole-instance archives)."""
