# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'passphrase_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_PassphraseDialog(object):
    def setupUi(self, PassphraseDialog):
        if not PassphraseDialog.objectName():
            PassphraseDialog.setObjectName(u"PassphraseDialog")
        PassphraseDialog.resize(460, 200)
        self.main_layout = QVBoxLayout(PassphraseDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.message_label = QLabel(PassphraseDialog)
        self.message_label.setObjectName(u"message_label")
        self.message_label.setWordWrap(True)

        self.main_layout.addWidget(self.message_label)

        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.passphrase_label = QLabel(PassphraseDialog)
        self.passphrase_label.setObjectName(u"passphrase_label")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.passphrase_label)

        self.passphrase_edit = QLineEdit(PassphraseDialog)
        self.passphrase_edit.setObjectName(u"passphrase_edit")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.passphrase_edit)

        self.show_check = QCheckBox(PassphraseDialog)
        self.show_check.setObjectName(u"show_check")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.show_check)


        self.main_layout.addLayout(self.form_layout)

        self.error_label = QLabel(PassphraseDialog)
        self.error_label.setObjectName(u"error_label")
        self.error_label.setWordWrap(True)

        self.main_layout.addWidget(self.error_label)

        self.note_label = QLabel(PassphraseDialog)
        self.note_label.setObjectName(u"note_label")
        self.note_label.setWordWrap(True)

        self.main_layout.addWidget(self.note_label)

        self.button_box = QDialogButtonBox(PassphraseDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.passphrase_label.setBuddy(self.passphrase_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.passphrase_edit, self.show_check)

        self.retranslateUi(PassphraseDialog)
        self.button_box.accepted.connect(PassphraseDialog.accept)
        self.button_box.rejected.connect(PassphraseDialog.reject)

        QMetaObject.connectSlotsByName(PassphraseDialog)
    # setupUi

    def retranslateUi(self, PassphraseDialog):
        PassphraseDialog.setWindowTitle(QCoreApplication.translate("PassphraseDialog", u"Passphrase", None))
#if QT_CONFIG(accessibility)
        PassphraseDialog.setAccessibleName(QCoreApplication.translate("PassphraseDialog", u"Passphrase", None))
#endif // QT_CONFIG(accessibility)
        self.message_label.setText(QCoreApplication.translate("PassphraseDialog", u"This review is encrypted. Enter its passphrase to open it.", None))
        self.passphrase_label.setText(QCoreApplication.translate("PassphraseDialog", u"&Passphrase:", None))
#if QT_CONFIG(accessibility)
        self.passphrase_edit.setAccessibleName(QCoreApplication.translate("PassphraseDialog", u"Passphrase", None))
#endif // QT_CONFIG(accessibility)
        self.show_check.setText(QCoreApplication.translate("PassphraseDialog", u"&Show the passphrase", None))
        self.error_label.setText("")
        self.note_label.setText(QCoreApplication.translate("PassphraseDialog", u"The passphrase is never stored. Without it the review cannot be opened by anyone.", None))
    # retranslateUi

