# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'preferences_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QSpacerItem, QSpinBox, QVBoxLayout,
    QWidget)

class Ui_PreferencesDialog(object):
    def setupUi(self, PreferencesDialog):
        if not PreferencesDialog.objectName():
            PreferencesDialog.setObjectName(u"PreferencesDialog")
        PreferencesDialog.resize(600, 260)
        self.main_layout = QVBoxLayout(PreferencesDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name_label = QLabel(PreferencesDialog)
        self.name_label.setObjectName(u"name_label")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name_edit = QLineEdit(PreferencesDialog)
        self.name_edit.setObjectName(u"name_edit")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.name_edit)

        self.theme_label = QLabel(PreferencesDialog)
        self.theme_label.setObjectName(u"theme_label")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.theme_label)

        self.theme_combo = QComboBox(PreferencesDialog)
        self.theme_combo.addItem("")
        self.theme_combo.addItem("")
        self.theme_combo.addItem("")
        self.theme_combo.setObjectName(u"theme_combo")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.theme_combo)

        self.gap_label = QLabel(PreferencesDialog)
        self.gap_label.setObjectName(u"gap_label")

        self.form_layout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.gap_label)

        self.gap_spin = QSpinBox(PreferencesDialog)
        self.gap_spin.setObjectName(u"gap_spin")
        self.gap_spin.setMinimum(1)
        self.gap_spin.setMaximum(3650)
        self.gap_spin.setValue(90)

        self.form_layout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.gap_spin)

        self.backups_label = QLabel(PreferencesDialog)
        self.backups_label.setObjectName(u"backups_label")

        self.form_layout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.backups_label)

        self.backups_spin = QSpinBox(PreferencesDialog)
        self.backups_spin.setObjectName(u"backups_spin")
        self.backups_spin.setMaximum(100)
        self.backups_spin.setValue(10)

        self.form_layout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.backups_spin)


        self.main_layout.addLayout(self.form_layout)

        self.note_label = QLabel(PreferencesDialog)
        self.note_label.setObjectName(u"note_label")
        self.note_label.setWordWrap(True)

        self.main_layout.addWidget(self.note_label)

        self.bottom_spacer = QSpacerItem(20, 8, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        self.main_layout.addItem(self.bottom_spacer)

        self.button_box = QDialogButtonBox(PreferencesDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.name_label.setBuddy(self.name_edit)
        self.theme_label.setBuddy(self.theme_combo)
        self.gap_label.setBuddy(self.gap_spin)
        self.backups_label.setBuddy(self.backups_spin)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.name_edit, self.theme_combo)
        QWidget.setTabOrder(self.theme_combo, self.gap_spin)
        QWidget.setTabOrder(self.gap_spin, self.backups_spin)

        self.retranslateUi(PreferencesDialog)
        self.button_box.accepted.connect(PreferencesDialog.accept)
        self.button_box.rejected.connect(PreferencesDialog.reject)

        QMetaObject.connectSlotsByName(PreferencesDialog)
    # setupUi

    def retranslateUi(self, PreferencesDialog):
        PreferencesDialog.setWindowTitle(QCoreApplication.translate("PreferencesDialog", u"Preferences", None))
#if QT_CONFIG(accessibility)
        PreferencesDialog.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Preferences", None))
#endif // QT_CONFIG(accessibility)
        self.name_label.setText(QCoreApplication.translate("PreferencesDialog", u"Your &name:", None))
        self.name_edit.setPlaceholderText(QCoreApplication.translate("PreferencesDialog", u"As it should appear in the audit trail and on notes", None))
#if QT_CONFIG(accessibility)
        self.name_edit.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Your name", None))
#endif // QT_CONFIG(accessibility)
        self.theme_label.setText(QCoreApplication.translate("PreferencesDialog", u"&Appearance:", None))
        self.theme_combo.setItemText(0, QCoreApplication.translate("PreferencesDialog", u"Follow the system", None))
        self.theme_combo.setItemText(1, QCoreApplication.translate("PreferencesDialog", u"Light", None))
        self.theme_combo.setItemText(2, QCoreApplication.translate("PreferencesDialog", u"Dark", None))

#if QT_CONFIG(accessibility)
        self.theme_combo.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Appearance", None))
#endif // QT_CONFIG(accessibility)
        self.gap_label.setText(QCoreApplication.translate("PreferencesDialog", u"&Gap threshold for new reviews:", None))
#if QT_CONFIG(accessibility)
        self.gap_spin.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Gap threshold for new reviews, in days", None))
#endif // QT_CONFIG(accessibility)
        self.gap_spin.setSuffix(QCoreApplication.translate("PreferencesDialog", u" days", None))
        self.backups_label.setText(QCoreApplication.translate("PreferencesDialog", u"&Snapshots to keep:", None))
#if QT_CONFIG(accessibility)
        self.backups_spin.setAccessibleName(QCoreApplication.translate("PreferencesDialog", u"Snapshots to keep of each review", None))
#endif // QT_CONFIG(accessibility)
        self.backups_spin.setSpecialValueText(QCoreApplication.translate("PreferencesDialog", u"None", None))
        self.note_label.setText(QCoreApplication.translate("PreferencesDialog", u"A snapshot is a copy of the review, encrypted like it, taken before every import and upgrade and when you close a review you changed; this many are kept. Each review keeps its own gap threshold: change it in the Gaps panel.", None))
    # retranslateUi

