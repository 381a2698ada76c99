"""The analysis workspace: research questions, key practice episodes, findings, lessons,
recommendations and the action plan, report sections, the people register, the glossary
and the traceability matrix.

Dragging events in
------------------
Any view may drag events onto a finding or an episode (in their lists or onto their
evidence tables) with the mime type ``application/x-workbench-event-ids``
(:data:`EVENT_IDS_MIME`): UTF-8 JSON, a list of event ids in the order chosen, e.g.
``[12, 40, 41]``. :func:`encode_event_ids` builds such data and :func:`decode_event_ids`
reads it (ignoring anything that is not a list of integers). The drop links the events
as evidence, as one undoable step. The evidence tables produce the same format, so
events can be dragged from one finding or episode to another.
"""

from workbench.gui.analysis.common import EVENT_IDS_MIME, decode_event_ids, encode_event_ids
from workbench.gui.analysis.events import EventPicker, EvidencePanel
from workbench.gui.analysis.workspace import AnalysisWorkspace

__all__ = [
    "EVENT_IDS_MIME",
    "AnalysisWorkspace",
    "EventPicker",
    "EvidencePanel",
    "decode_event_ids",
    "encode_event_ids",
]
