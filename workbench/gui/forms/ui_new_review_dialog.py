# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'new_review_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_NewReviewDialog(object):
    def setupUi(self, NewReviewDialog):
        if not NewReviewDialog.objectName():
            NewReviewDialog.setObjectName(u"NewReviewDialog")
        NewReviewDialog.resize(640, 320)
        self.main_layout = QVBoxLayout(NewReviewDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.title_label = QLabel(NewReviewDialog)
        self.title_label.setObjectName(u"title_label")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.title_label)

        self.title_edit = QLineEdit(NewReviewDialog)
        self.title_edit.setObjectName(u"title_edit")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.title_edit)

        self.type_label = QLabel(NewReviewDialog)
        self.type_label.setObjectName(u"type_label")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.type_label)

        self.type_combo = QComboBox(NewReviewDialog)
        self.type_combo.setObjectName(u"type_combo")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.type_combo)

        self.board_label = QLabel(NewReviewDialog)
        self.board_label.setObjectName(u"board_label")

        self.form_layout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.board_label)

        self.board_edit = QLineEdit(NewReviewDialog)
        self.board_edit.setObjectName(u"board_edit")

        self.form_layout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.board_edit)

        self.file_label = QLabel(NewReviewDialog)
        self.file_label.setObjectName(u"file_label")

        self.form_layout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.file_label)

        self.file_layout = QHBoxLayout()
        self.file_layout.setObjectName(u"file_layout")
        self.file_edit = QLineEdit(NewReviewDialog)
        self.file_edit.setObjectName(u"file_edit")

        self.file_layout.addWidget(self.file_edit)

        self.browse_button = QPushButton(NewReviewDialog)
        self.browse_button.setObjectName(u"browse_button")

        self.file_layout.addWidget(self.browse_button)


        self.form_layout.setLayout(3, QFormLayout.ItemRole.FieldRole, self.file_layout)

        self.encrypt_check = QCheckBox(NewReviewDialog)
        self.encrypt_check.setObjectName(u"encrypt_check")
        self.encrypt_check.setChecked(True)

        self.form_layout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.encrypt_check)

        self.passphrase_label = QLabel(NewReviewDialog)
        self.passphrase_label.setObjectName(u"passphrase_label")

        self.form_layout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.passphrase_label)

        self.passphrase_edit = QLineEdit(NewReviewDialog)
        self.passphrase_edit.setObjectName(u"passphrase_edit")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form_layout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.passphrase_edit)

        self.repeat_label = QLabel(NewReviewDialog)
        self.repeat_label.setObjectName(u"repeat_label")

        self.form_layout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.repeat_label)

        self.repeat_edit = QLineEdit(NewReviewDialog)
        self.repeat_edit.setObjectName(u"repeat_edit")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form_layout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.repeat_edit)


        self.main_layout.addLayout(self.form_layout)

        self.message_label = QLabel(NewReviewDialog)
        self.message_label.setObjectName(u"message_label")
        self.message_label.setWordWrap(True)

        self.main_layout.addWidget(self.message_label)

        self.bottom_spacer = QSpacerItem(20, 8, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

        self.main_layout.addItem(self.bottom_spacer)

        self.button_box = QDialogButtonBox(NewReviewDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.title_label.setBuddy(self.title_edit)
        self.type_label.setBuddy(self.type_combo)
        self.board_label.setBuddy(self.board_edit)
        self.file_label.setBuddy(self.file_edit)
        self.passphrase_label.setBuddy(self.passphrase_edit)
        self.repeat_label.setBuddy(self.repeat_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.title_edit, self.type_combo)
        QWidget.setTabOrder(self.type_combo, self.board_edit)
        QWidget.setTabOrder(self.board_edit, self.file_edit)
        QWidget.setTabOrder(self.file_edit, self.browse_button)
        QWidget.setTabOrder(self.browse_button, self.encrypt_check)
        QWidget.setTabOrder(self.encrypt_check, self.passphrase_edit)
        QWidget.setTabOrder(self.passphrase_edit, self.repeat_edit)

        self.retranslateUi(NewReviewDialog)
        self.button_box.rejected.connect(NewReviewDialog.reject)

        QMetaObject.connectSlotsByName(NewReviewDialog)
    # setupUi

    def retranslateUi(self, NewReviewDialog):
        NewReviewDialog.setWindowTitle(QCoreApplication.translate("NewReviewDialog", u"New Review", None))
#if QT_CONFIG(accessibility)
        NewReviewDialog.setAccessibleName(QCoreApplication.translate("NewReviewDialog", u"New review", None))
#endif // QT_CONFIG(accessibility)
        self.title_label.setText(QCoreApplication.translate("NewReviewDialog", u"&Title:", None))
        self.title_edit.setPlaceholderText(QCoreApplication.translate("NewReviewDialog", u"e.g. Child Safeguarding Practice Review: Child Y", None))
#if QT_CONFIG(accessibility)
        self.title_edit.setAccessibleName(QCoreApplication.translate("NewReviewDialog", u"Title", None))
#endif // QT_CONFIG(accessibility)
        self.type_label.setText(QCoreApplication.translate("NewReviewDialog", u"T&ype of review:", None))
#if QT_CONFIG(accessibility)
        self.type_combo.setAccessibleName(QCoreApplication.translate("NewReviewDialog", u"Type of review", None))
#endif // QT_CONFIG(accessibility)
        self.board_label.setText(QCoreApplication.translate("NewReviewDialog", u"&Board or partnership:", None))
#if QT_CONFIG(accessibility)
        self.board_edit.setAccessibleName(QCoreApplication.translate("NewReviewDialog", u"Board or partnership", None))
#endif // QT_CONFIG(accessibility)
        self.file_label.setText(QCoreApplication.translate("NewReviewDialog", u"&File:", None))
#if QT_CONFIG(accessibility)
        self.file_edit.setAccessibleName(QCoreApplication.translate("NewReviewDialog", u"Review file", None))
#endif // QT_CONFIG(accessibility)
        self.file_edit.setPlaceholderText(QCoreApplication.translate("NewReviewDialog", u"Where to save the review (.cwr)", None))
        self.browse_button.setText(QCoreApplication.translate("NewReviewDialog", u"&Browse\u2026", None))
#if QT_CONFIG(accessibility)
        self.browse_button.setAccessibleName(QCoreApplication.translate("NewReviewDialog", u"Choose where to save the review", None))
#endif // QT_CONFIG(accessibility)
        self.encrypt_check.setText(QCoreApplication.translate("NewReviewDialog", u"&Encrypt the review with a passphrase (recommended)", None))
        self.passphrase_label.setText(QCoreApplication.translate("NewReviewDialog", u"&Passphrase:", None))
#if QT_CONFIG(accessibility)
        self.passphrase_edit.setAccessibleName(QCoreApplication.translate("NewReviewDialog", u"Passphrase", None))
#endif // QT_CONFIG(accessibility)
        self.repeat_label.setText(QCoreApplication.translate("NewReviewDialog", u"&Repeat it:", None))
#if QT_CONFIG(accessibility)
        self.repeat_edit.setAccessibleName(QCoreApplication.translate("NewReviewDialog", u"Repeat the passphrase", None))
#endif // QT_CONFIG(accessibility)
        self.message_label.setText("")
    # retranslateUi

