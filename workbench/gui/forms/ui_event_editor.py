# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'event_editor.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QFormLayout,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
    QSizePolicy, QSpacerItem, QToolButton, QVBoxLayout,
    QWidget)

class Ui_EventEditor(object):
    def setupUi(self, EventEditor):
        if not EventEditor.objectName():
            EventEditor.setObjectName(u"EventEditor")
        EventEditor.resize(420, 1200)
        self.main_layout = QVBoxLayout(EventEditor)
        self.main_layout.setObjectName(u"main_layout")
        self.empty_label = QLabel(EventEditor)
        self.empty_label.setObjectName(u"empty_label")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        self.main_layout.addWidget(self.empty_label)

        self.header_label = QLabel(EventEditor)
        self.header_label.setObjectName(u"header_label")
        self.header_label.setWordWrap(True)

        self.main_layout.addWidget(self.header_label)

        self.date_group = QGroupBox(EventEditor)
        self.date_group.setObjectName(u"date_group")
        self.date_form = QFormLayout(self.date_group)
        self.date_form.setObjectName(u"date_form")
        self.date_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.date_label = QLabel(self.date_group)
        self.date_label.setObjectName(u"date_label")

        self.date_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.date_label)

        self.date_edit = QLineEdit(self.date_group)
        self.date_edit.setObjectName(u"date_edit")

        self.date_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.date_edit)

        self.date_feedback = QLabel(self.date_group)
        self.date_feedback.setObjectName(u"date_feedback")
        self.date_feedback.setWordWrap(True)
        self.date_feedback.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByKeyboard|Qt.TextInteractionFlag.LinksAccessibleByMouse|Qt.TextInteractionFlag.TextSelectableByMouse)

        self.date_form.setWidget(1, QFormLayout.ItemRole.SpanningRole, self.date_feedback)

        self.time_label = QLabel(self.date_group)
        self.time_label.setObjectName(u"time_label")

        self.date_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.time_label)

        self.time_edit = QLineEdit(self.date_group)
        self.time_edit.setObjectName(u"time_edit")

        self.date_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.time_edit)

        self.end_date_label = QLabel(self.date_group)
        self.end_date_label.setObjectName(u"end_date_label")

        self.date_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.end_date_label)

        self.end_date_edit = QLineEdit(self.date_group)
        self.end_date_edit.setObjectName(u"end_date_edit")

        self.date_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.end_date_edit)

        self.sequence_label = QLabel(self.date_group)
        self.sequence_label.setObjectName(u"sequence_label")

        self.date_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.sequence_label)

        self.sequence_edit = QLineEdit(self.date_group)
        self.sequence_edit.setObjectName(u"sequence_edit")

        self.date_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.sequence_edit)


        self.main_layout.addWidget(self.date_group)

        self.record_group = QGroupBox(EventEditor)
        self.record_group.setObjectName(u"record_group")
        self.record_form = QFormLayout(self.record_group)
        self.record_form.setObjectName(u"record_form")
        self.record_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.agency_label = QLabel(self.record_group)
        self.agency_label.setObjectName(u"agency_label")

        self.record_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.agency_label)

        self.agency_combo = QComboBox(self.record_group)
        self.agency_combo.setObjectName(u"agency_combo")

        self.record_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.agency_combo)

        self.practitioner_label = QLabel(self.record_group)
        self.practitioner_label.setObjectName(u"practitioner_label")

        self.record_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.practitioner_label)

        self.practitioner_edit = QLineEdit(self.record_group)
        self.practitioner_edit.setObjectName(u"practitioner_edit")

        self.record_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.practitioner_edit)

        self.source_reference_label = QLabel(self.record_group)
        self.source_reference_label.setObjectName(u"source_reference_label")

        self.record_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.source_reference_label)

        self.source_reference_edit = QLineEdit(self.record_group)
        self.source_reference_edit.setObjectName(u"source_reference_edit")

        self.record_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.source_reference_edit)

        self.text_label = QLabel(self.record_group)
        self.text_label.setObjectName(u"text_label")

        self.record_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.text_label)

        self.text_edit = QPlainTextEdit(self.record_group)
        self.text_edit.setObjectName(u"text_edit")
        self.text_edit.setMinimumSize(QSize(0, 110))
        self.text_edit.setTabChangesFocus(True)

        self.record_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.text_edit)

        self.text_status = QLabel(self.record_group)
        self.text_status.setObjectName(u"text_status")
        self.text_status.setWordWrap(True)
        self.text_status.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByKeyboard|Qt.TextInteractionFlag.LinksAccessibleByMouse|Qt.TextInteractionFlag.TextSelectableByMouse)

        self.record_form.setWidget(4, QFormLayout.ItemRole.SpanningRole, self.text_status)

        self.outcome_label = QLabel(self.record_group)
        self.outcome_label.setObjectName(u"outcome_label")

        self.record_form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.outcome_label)

        self.outcome_edit = QPlainTextEdit(self.record_group)
        self.outcome_edit.setObjectName(u"outcome_edit")
        self.outcome_edit.setMinimumSize(QSize(0, 60))
        self.outcome_edit.setTabChangesFocus(True)

        self.record_form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.outcome_edit)

        self.outcome_status = QLabel(self.record_group)
        self.outcome_status.setObjectName(u"outcome_status")
        self.outcome_status.setWordWrap(True)
        self.outcome_status.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByKeyboard|Qt.TextInteractionFlag.LinksAccessibleByMouse|Qt.TextInteractionFlag.TextSelectableByMouse)

        self.record_form.setWidget(6, QFormLayout.ItemRole.SpanningRole, self.outcome_status)

        self.analysis_label = QLabel(self.record_group)
        self.analysis_label.setObjectName(u"analysis_label")

        self.record_form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.analysis_label)

        self.analysis_edit = QPlainTextEdit(self.record_group)
        self.analysis_edit.setObjectName(u"analysis_edit")
        self.analysis_edit.setMinimumSize(QSize(0, 60))
        self.analysis_edit.setTabChangesFocus(True)

        self.record_form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.analysis_edit)

        self.analysis_status = QLabel(self.record_group)
        self.analysis_status.setObjectName(u"analysis_status")
        self.analysis_status.setWordWrap(True)
        self.analysis_status.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByKeyboard|Qt.TextInteractionFlag.LinksAccessibleByMouse|Qt.TextInteractionFlag.TextSelectableByMouse)

        self.record_form.setWidget(8, QFormLayout.ItemRole.SpanningRole, self.analysis_status)

        self.milestone_check = QCheckBox(self.record_group)
        self.milestone_check.setObjectName(u"milestone_check")

        self.record_form.setWidget(9, QFormLayout.ItemRole.SpanningRole, self.milestone_check)

        self.provenance_caption = QLabel(self.record_group)
        self.provenance_caption.setObjectName(u"provenance_caption")

        self.record_form.setWidget(10, QFormLayout.ItemRole.LabelRole, self.provenance_caption)

        self.provenance_label = QLabel(self.record_group)
        self.provenance_label.setObjectName(u"provenance_label")
        self.provenance_label.setWordWrap(True)
        self.provenance_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByKeyboard|Qt.TextInteractionFlag.LinksAccessibleByMouse|Qt.TextInteractionFlag.TextSelectableByMouse)

        self.record_form.setWidget(10, QFormLayout.ItemRole.FieldRole, self.provenance_label)


        self.main_layout.addWidget(self.record_group)

        self.people_group = QGroupBox(EventEditor)
        self.people_group.setObjectName(u"people_group")
        self.people_layout = QVBoxLayout(self.people_group)
        self.people_layout.setObjectName(u"people_layout")
        self.subjects_list = QListWidget(self.people_group)
        self.subjects_list.setObjectName(u"subjects_list")
        self.subjects_list.setMaximumSize(QSize(16777215, 130))
        self.subjects_list.setUniformItemSizes(True)
        self.subjects_list.setWordWrap(False)

        self.people_layout.addWidget(self.subjects_list)

        self.subjects_form = QFormLayout()
        self.subjects_form.setObjectName(u"subjects_form")
        self.subjects_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.subjects_text_label = QLabel(self.people_group)
        self.subjects_text_label.setObjectName(u"subjects_text_label")

        self.subjects_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.subjects_text_label)

        self.subjects_text_edit = QLineEdit(self.people_group)
        self.subjects_text_edit.setObjectName(u"subjects_text_edit")

        self.subjects_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.subjects_text_edit)


        self.people_layout.addLayout(self.subjects_form)


        self.main_layout.addWidget(self.people_group)

        self.notes_group = QGroupBox(EventEditor)
        self.notes_group.setObjectName(u"notes_group")
        self.notes_layout = QVBoxLayout(self.notes_group)
        self.notes_layout.setObjectName(u"notes_layout")
        self.annotations_list = QListWidget(self.notes_group)
        self.annotations_list.setObjectName(u"annotations_list")
        self.annotations_list.setMaximumSize(QSize(16777215, 140))
        self.annotations_list.setUniformItemSizes(True)
        self.annotations_list.setWordWrap(False)

        self.notes_layout.addWidget(self.annotations_list)

        self.annotation_edit = QPlainTextEdit(self.notes_group)
        self.annotation_edit.setObjectName(u"annotation_edit")
        self.annotation_edit.setMinimumSize(QSize(0, 48))
        self.annotation_edit.setTabChangesFocus(True)

        self.notes_layout.addWidget(self.annotation_edit)

        self.annotation_buttons = QHBoxLayout()
        self.annotation_buttons.setObjectName(u"annotation_buttons")
        self.add_annotation_button = QPushButton(self.notes_group)
        self.add_annotation_button.setObjectName(u"add_annotation_button")

        self.annotation_buttons.addWidget(self.add_annotation_button)

        self.delete_annotation_button = QPushButton(self.notes_group)
        self.delete_annotation_button.setObjectName(u"delete_annotation_button")

        self.annotation_buttons.addWidget(self.delete_annotation_button)

        self.annotation_buttons_spacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.annotation_buttons.addItem(self.annotation_buttons_spacer)


        self.notes_layout.addLayout(self.annotation_buttons)

        self.tags_caption = QLabel(self.notes_group)
        self.tags_caption.setObjectName(u"tags_caption")

        self.notes_layout.addWidget(self.tags_caption)

        self.tags_list = QListWidget(self.notes_group)
        self.tags_list.setObjectName(u"tags_list")
        self.tags_list.setMaximumSize(QSize(16777215, 150))
        self.tags_list.setUniformItemSizes(True)
        self.tags_list.setWordWrap(False)

        self.notes_layout.addWidget(self.tags_list)

        self.tag_buttons = QHBoxLayout()
        self.tag_buttons.setObjectName(u"tag_buttons")
        self.new_tag_button = QPushButton(self.notes_group)
        self.new_tag_button.setObjectName(u"new_tag_button")

        self.tag_buttons.addWidget(self.new_tag_button)

        self.tag_buttons_spacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.tag_buttons.addItem(self.tag_buttons_spacer)


        self.notes_layout.addLayout(self.tag_buttons)


        self.main_layout.addWidget(self.notes_group)

        self.links_group = QGroupBox(EventEditor)
        self.links_group.setObjectName(u"links_group")
        self.links_layout = QVBoxLayout(self.links_group)
        self.links_layout.setObjectName(u"links_layout")
        self.findings_caption = QLabel(self.links_group)
        self.findings_caption.setObjectName(u"findings_caption")

        self.links_layout.addWidget(self.findings_caption)

        self.findings_list = QListWidget(self.links_group)
        self.findings_list.setObjectName(u"findings_list")
        self.findings_list.setMaximumSize(QSize(16777215, 110))
        self.findings_list.setUniformItemSizes(True)
        self.findings_list.setWordWrap(False)

        self.links_layout.addWidget(self.findings_list)

        self.finding_buttons = QHBoxLayout()
        self.finding_buttons.setObjectName(u"finding_buttons")
        self.link_finding_button = QToolButton(self.links_group)
        self.link_finding_button.setObjectName(u"link_finding_button")

        self.finding_buttons.addWidget(self.link_finding_button)

        self.unlink_finding_button = QToolButton(self.links_group)
        self.unlink_finding_button.setObjectName(u"unlink_finding_button")

        self.finding_buttons.addWidget(self.unlink_finding_button)

        self.finding_buttons_spacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.finding_buttons.addItem(self.finding_buttons_spacer)


        self.links_layout.addLayout(self.finding_buttons)

        self.episodes_caption = QLabel(self.links_group)
        self.episodes_caption.setObjectName(u"episodes_caption")

        self.links_layout.addWidget(self.episodes_caption)

        self.episodes_list = QListWidget(self.links_group)
        self.episodes_list.setObjectName(u"episodes_list")
        self.episodes_list.setMaximumSize(QSize(16777215, 110))
        self.episodes_list.setUniformItemSizes(True)
        self.episodes_list.setWordWrap(False)

        self.links_layout.addWidget(self.episodes_list)

        self.episode_buttons = QHBoxLayout()
        self.episode_buttons.setObjectName(u"episode_buttons")
        self.link_episode_button = QToolButton(self.links_group)
        self.link_episode_button.setObjectName(u"link_episode_button")

        self.episode_buttons.addWidget(self.link_episode_button)

        self.unlink_episode_button = QToolButton(self.links_group)
        self.unlink_episode_button.setObjectName(u"unlink_episode_button")

        self.episode_buttons.addWidget(self.unlink_episode_button)

        self.episode_buttons_spacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.episode_buttons.addItem(self.episode_buttons_spacer)


        self.links_layout.addLayout(self.episode_buttons)


        self.main_layout.addWidget(self.links_group)

        self.end_spacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.end_spacer)

#if QT_CONFIG(shortcut)
        self.date_label.setBuddy(self.date_edit)
        self.time_label.setBuddy(self.time_edit)
        self.end_date_label.setBuddy(self.end_date_edit)
        self.sequence_label.setBuddy(self.sequence_edit)
        self.agency_label.setBuddy(self.agency_combo)
        self.practitioner_label.setBuddy(self.practitioner_edit)
        self.source_reference_label.setBuddy(self.source_reference_edit)
        self.text_label.setBuddy(self.text_edit)
        self.outcome_label.setBuddy(self.outcome_edit)
        self.analysis_label.setBuddy(self.analysis_edit)
        self.subjects_text_label.setBuddy(self.subjects_text_edit)
        self.tags_caption.setBuddy(self.tags_list)
        self.findings_caption.setBuddy(self.findings_list)
        self.episodes_caption.setBuddy(self.episodes_list)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.date_edit, self.time_edit)
        QWidget.setTabOrder(self.time_edit, self.end_date_edit)
        QWidget.setTabOrder(self.end_date_edit, self.sequence_edit)
        QWidget.setTabOrder(self.sequence_edit, self.agency_combo)
        QWidget.setTabOrder(self.agency_combo, self.practitioner_edit)
        QWidget.setTabOrder(self.practitioner_edit, self.source_reference_edit)
        QWidget.setTabOrder(self.source_reference_edit, self.text_edit)
        QWidget.setTabOrder(self.text_edit, self.outcome_edit)
        QWidget.setTabOrder(self.outcome_edit, self.analysis_edit)
        QWidget.setTabOrder(self.analysis_edit, self.milestone_check)
        QWidget.setTabOrder(self.milestone_check, self.subjects_list)
        QWidget.setTabOrder(self.subjects_list, self.subjects_text_edit)
        QWidget.setTabOrder(self.subjects_text_edit, self.annotations_list)
        QWidget.setTabOrder(self.annotations_list, self.annotation_edit)
        QWidget.setTabOrder(self.annotation_edit, self.add_annotation_button)
        QWidget.setTabOrder(self.add_annotation_button, self.delete_annotation_button)
        QWidget.setTabOrder(self.delete_annotation_button, self.tags_list)
        QWidget.setTabOrder(self.tags_list, self.new_tag_button)
        QWidget.setTabOrder(self.new_tag_button, self.findings_list)
        QWidget.setTabOrder(self.findings_list, self.link_finding_button)
        QWidget.setTabOrder(self.link_finding_button, self.unlink_finding_button)
        QWidget.setTabOrder(self.unlink_finding_button, self.episodes_list)
        QWidget.setTabOrder(self.episodes_list, self.link_episode_button)
        QWidget.setTabOrder(self.link_episode_button, self.unlink_episode_button)

        self.retranslateUi(EventEditor)

        QMetaObject.connectSlotsByName(EventEditor)
    # setupUi

    def retranslateUi(self, EventEditor):
#if QT_CONFIG(accessibility)
        EventEditor.setAccessibleName(QCoreApplication.translate("EventEditor", u"Event details", None))
#endif // QT_CONFIG(accessibility)
        self.empty_label.setText(QCoreApplication.translate("EventEditor", u"Select an event in the chronology to see all of it here and edit it.", None))
        self.header_label.setText(QCoreApplication.translate("EventEditor", u"Event", None))
        self.date_group.setTitle(QCoreApplication.translate("EventEditor", u"When", None))
        self.date_label.setText(QCoreApplication.translate("EventEditor", u"&Date:", None))
#if QT_CONFIG(accessibility)
        self.date_edit.setAccessibleName(QCoreApplication.translate("EventEditor", u"Date as written", None))
#endif // QT_CONFIG(accessibility)
        self.date_edit.setPlaceholderText(QCoreApplication.translate("EventEditor", u"22/05/2016, spring 2015, w/c 10/06/2016\u2026", None))
        self.date_feedback.setText("")
        self.time_label.setText(QCoreApplication.translate("EventEditor", u"&Time:", None))
#if QT_CONFIG(accessibility)
        self.time_edit.setAccessibleName(QCoreApplication.translate("EventEditor", u"Time", None))
#endif // QT_CONFIG(accessibility)
        self.time_edit.setPlaceholderText(QCoreApplication.translate("EventEditor", u"hh:mm", None))
        self.end_date_label.setText(QCoreApplication.translate("EventEditor", u"End da&te:", None))
#if QT_CONFIG(accessibility)
        self.end_date_edit.setAccessibleName(QCoreApplication.translate("EventEditor", u"End date as written", None))
#endif // QT_CONFIG(accessibility)
        self.end_date_edit.setPlaceholderText(QCoreApplication.translate("EventEditor", u"Only for events that lasted", None))
        self.sequence_label.setText(QCoreApplication.translate("EventEditor", u"Se&quence:", None))
#if QT_CONFIG(accessibility)
        self.sequence_edit.setAccessibleName(QCoreApplication.translate("EventEditor", u"Sequence", None))
#endif // QT_CONFIG(accessibility)
        self.sequence_edit.setPlaceholderText(QCoreApplication.translate("EventEditor", u"Orders events on the same day (1, 1.5, 2\u2026)", None))
        self.record_group.setTitle(QCoreApplication.translate("EventEditor", u"The agency's record", None))
        self.agency_label.setText(QCoreApplication.translate("EventEditor", u"A&gency:", None))
#if QT_CONFIG(accessibility)
        self.agency_combo.setAccessibleName(QCoreApplication.translate("EventEditor", u"Agency", None))
#endif // QT_CONFIG(accessibility)
        self.practitioner_label.setText(QCoreApplication.translate("EventEditor", u"&Practitioner:", None))
#if QT_CONFIG(accessibility)
        self.practitioner_edit.setAccessibleName(QCoreApplication.translate("EventEditor", u"Practitioner role", None))
#endif // QT_CONFIG(accessibility)
        self.practitioner_edit.setPlaceholderText(QCoreApplication.translate("EventEditor", u"A role, e.g. Social Worker, PA", None))
        self.source_reference_label.setText(QCoreApplication.translate("EventEditor", u"Source &record:", None))
#if QT_CONFIG(accessibility)
        self.source_reference_edit.setAccessibleName(QCoreApplication.translate("EventEditor", u"Source record", None))
#endif // QT_CONFIG(accessibility)
        self.source_reference_edit.setPlaceholderText(QCoreApplication.translate("EventEditor", u"Case note id, document or system", None))
        self.text_label.setText(QCoreApplication.translate("EventEditor", u"E&vent:", None))
#if QT_CONFIG(accessibility)
        self.text_edit.setAccessibleName(QCoreApplication.translate("EventEditor", u"Event text", None))
#endif // QT_CONFIG(accessibility)
        self.text_status.setText("")
        self.outcome_label.setText(QCoreApplication.translate("EventEditor", u"&Outcome:", None))
#if QT_CONFIG(accessibility)
        self.outcome_edit.setAccessibleName(QCoreApplication.translate("EventEditor", u"Action or outcome", None))
#endif // QT_CONFIG(accessibility)
        self.outcome_status.setText("")
        self.analysis_label.setText(QCoreApplication.translate("EventEditor", u"Agency &analysis:", None))
#if QT_CONFIG(accessibility)
        self.analysis_edit.setAccessibleName(QCoreApplication.translate("EventEditor", u"Agency analysis", None))
#endif // QT_CONFIG(accessibility)
        self.analysis_status.setText("")
        self.milestone_check.setText(QCoreApplication.translate("EventEditor", u"&Milestone (marked on the timeline and in bold)", None))
        self.provenance_caption.setText(QCoreApplication.translate("EventEditor", u"Provenance:", None))
        self.provenance_label.setText("")
        self.people_group.setTitle(QCoreApplication.translate("EventEditor", u"Subjects", None))
#if QT_CONFIG(accessibility)
        self.subjects_list.setAccessibleName(QCoreApplication.translate("EventEditor", u"Subjects: tick who the event concerns", None))
#endif // QT_CONFIG(accessibility)
        self.subjects_text_label.setText(QCoreApplication.translate("EventEditor", u"As &written:", None))
#if QT_CONFIG(accessibility)
        self.subjects_text_edit.setAccessibleName(QCoreApplication.translate("EventEditor", u"Subjects as the agency wrote them", None))
#endif // QT_CONFIG(accessibility)
        self.notes_group.setTitle(QCoreApplication.translate("EventEditor", u"Panel's notes and tags", None))
#if QT_CONFIG(accessibility)
        self.annotations_list.setAccessibleName(QCoreApplication.translate("EventEditor", u"Notes on this event", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.annotation_edit.setAccessibleName(QCoreApplication.translate("EventEditor", u"New note", None))
#endif // QT_CONFIG(accessibility)
        self.add_annotation_button.setText(QCoreApplication.translate("EventEditor", u"Add &note", None))
#if QT_CONFIG(accessibility)
        self.add_annotation_button.setAccessibleName(QCoreApplication.translate("EventEditor", u"Add the note", None))
#endif // QT_CONFIG(accessibility)
        self.delete_annotation_button.setText(QCoreApplication.translate("EventEditor", u"Delete note", None))
#if QT_CONFIG(accessibility)
        self.delete_annotation_button.setAccessibleName(QCoreApplication.translate("EventEditor", u"Delete the selected note", None))
#endif // QT_CONFIG(accessibility)
        self.tags_caption.setText(QCoreApplication.translate("EventEditor", u"T&ags:", None))
#if QT_CONFIG(accessibility)
        self.tags_list.setAccessibleName(QCoreApplication.translate("EventEditor", u"Tags: tick the tags that apply", None))
#endif // QT_CONFIG(accessibility)
        self.new_tag_button.setText(QCoreApplication.translate("EventEditor", u"New ta&g\u2026", None))
#if QT_CONFIG(accessibility)
        self.new_tag_button.setAccessibleName(QCoreApplication.translate("EventEditor", u"Create a tag and add it to this event", None))
#endif // QT_CONFIG(accessibility)
        self.links_group.setTitle(QCoreApplication.translate("EventEditor", u"Linked analysis", None))
        self.findings_caption.setText(QCoreApplication.translate("EventEditor", u"&Findings citing this event:", None))
#if QT_CONFIG(accessibility)
        self.findings_list.setAccessibleName(QCoreApplication.translate("EventEditor", u"Findings citing this event", None))
#endif // QT_CONFIG(accessibility)
        self.link_finding_button.setText(QCoreApplication.translate("EventEditor", u"Link to a finding", None))
#if QT_CONFIG(accessibility)
        self.link_finding_button.setAccessibleName(QCoreApplication.translate("EventEditor", u"Link this event to a finding", None))
#endif // QT_CONFIG(accessibility)
        self.unlink_finding_button.setText(QCoreApplication.translate("EventEditor", u"Unlink", None))
#if QT_CONFIG(accessibility)
        self.unlink_finding_button.setAccessibleName(QCoreApplication.translate("EventEditor", u"Unlink the selected finding", None))
#endif // QT_CONFIG(accessibility)
        self.episodes_caption.setText(QCoreApplication.translate("EventEditor", u"Key practice &episodes:", None))
#if QT_CONFIG(accessibility)
        self.episodes_list.setAccessibleName(QCoreApplication.translate("EventEditor", u"Key practice episodes with this event", None))
#endif // QT_CONFIG(accessibility)
        self.link_episode_button.setText(QCoreApplication.translate("EventEditor", u"Add to an episode", None))
#if QT_CONFIG(accessibility)
        self.link_episode_button.setAccessibleName(QCoreApplication.translate("EventEditor", u"Add this event to a key practice episode", None))
#endif // QT_CONFIG(accessibility)
        self.unlink_episode_button.setText(QCoreApplication.translate("EventEditor", u"Remove", None))
#if QT_CONFIG(accessibility)
        self.unlink_episode_button.setAccessibleName(QCoreApplication.translate("EventEditor", u"Remove this event from the selected episode", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

