"""A realistic synthetic Salesforce export with planted, known effects (`uplift generate`).

Pure Python and NumPy: no Django, so it runs anywhere the analytics run.
"""

from uplift.synthetic.export import DEFAULT_END, GenerationSummary, generate_export
from uplift.synthetic.ids import to_18

__all__ = ["DEFAULT_END", "GenerationSummary", "generate_export", "to_18"]
