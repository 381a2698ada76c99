# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'welcome_page.ui'
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
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QListWidget,
    QListWidgetItem, QPushButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_WelcomePage(object):
    def setupUi(self, WelcomePage):
        if not WelcomePage.objectName():
            WelcomePage.setObjectName(u"WelcomePage")
        WelcomePage.resize(900, 640)
        self.outer_layout = QHBoxLayout(WelcomePage)
        self.outer_layout.setObjectName(u"outer_layout")
        self.left_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.outer_layout.addItem(self.left_spacer)

        self.content = QWidget(WelcomePage)
        self.content.setObjectName(u"content")
        self.content.setMinimumSize(QSize(620, 0))
        self.content.setMaximumSize(QSize(760, 16777215))
        self.content_layout = QVBoxLayout(self.content)
        self.content_layout.setSpacing(12)
        self.content_layout.setObjectName(u"content_layout")
        self.top_spacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.content_layout.addItem(self.top_spacer)

        self.title_label = QLabel(self.content)
        self.title_label.setObjectName(u"title_label")

        self.content_layout.addWidget(self.title_label)

        self.subtitle_label = QLabel(self.content)
        self.subtitle_label.setObjectName(u"subtitle_label")
        self.subtitle_label.setWordWrap(True)

        self.content_layout.addWidget(self.subtitle_label)

        self.buttons_layout = QHBoxLayout()
        self.buttons_layout.setSpacing(10)
        self.buttons_layout.setObjectName(u"buttons_layout")
        self.new_button = QPushButton(self.content)
        self.new_button.setObjectName(u"new_button")

        self.buttons_layout.addWidget(self.new_button)

        self.open_button = QPushButton(self.content)
        self.open_button.setObjectName(u"open_button")

        self.buttons_layout.addWidget(self.open_button)

        self.demo_button = QPushButton(self.content)
        self.demo_button.setObjectName(u"demo_button")

        self.buttons_layout.addWidget(self.demo_button)

        self.buttons_spacer = QSpacerItem(10, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttons_layout.addItem(self.buttons_spacer)


        self.content_layout.addLayout(self.buttons_layout)

        self.recent_label = QLabel(self.content)
        self.recent_label.setObjectName(u"recent_label")

        self.content_layout.addWidget(self.recent_label)

        self.recent_list = QListWidget(self.content)
        self.recent_list.setObjectName(u"recent_list")
        self.recent_list.setMaximumSize(QSize(16777215, 260))
        self.recent_list.setUniformItemSizes(True)
        self.recent_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)

        self.content_layout.addWidget(self.recent_list)

        self.hint_label = QLabel(self.content)
        self.hint_label.setObjectName(u"hint_label")
        self.hint_label.setWordWrap(True)

        self.content_layout.addWidget(self.hint_label)

        self.version_label = QLabel(self.content)
        self.version_label.setObjectName(u"version_label")

        self.content_layout.addWidget(self.version_label)

        self.bottom_spacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.content_layout.addItem(self.bottom_spacer)


        self.outer_layout.addWidget(self.content)

        self.right_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.outer_layout.addItem(self.right_spacer)

#if QT_CONFIG(shortcut)
        self.recent_label.setBuddy(self.recent_list)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.new_button, self.open_button)
        QWidget.setTabOrder(self.open_button, self.demo_button)
        QWidget.setTabOrder(self.demo_button, self.recent_list)

        self.retranslateUi(WelcomePage)

        QMetaObject.connectSlotsByName(WelcomePage)
    # setupUi

    def retranslateUi(self, WelcomePage):
#if QT_CONFIG(accessibility)
        WelcomePage.setAccessibleName(QCoreApplication.translate("WelcomePage", u"Start page", None))
#endif // QT_CONFIG(accessibility)
        self.title_label.setText(QCoreApplication.translate("WelcomePage", u"Case Review Workbench", None))
#if QT_CONFIG(accessibility)
        self.title_label.setAccessibleName(QCoreApplication.translate("WelcomePage", u"Case Review Workbench", None))
#endif // QT_CONFIG(accessibility)
        self.subtitle_label.setText(QCoreApplication.translate("WelcomePage", u"Integrated chronologies, analysis and learning products for multi-agency case reviews.", None))
        self.new_button.setText(QCoreApplication.translate("WelcomePage", u"&New review\u2026", None))
#if QT_CONFIG(tooltip)
        self.new_button.setToolTip(QCoreApplication.translate("WelcomePage", u"Create a new review file", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.new_button.setAccessibleName(QCoreApplication.translate("WelcomePage", u"New review", None))
#endif // QT_CONFIG(accessibility)
        self.open_button.setText(QCoreApplication.translate("WelcomePage", u"&Open review\u2026", None))
#if QT_CONFIG(tooltip)
        self.open_button.setToolTip(QCoreApplication.translate("WelcomePage", u"Open a review file", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.open_button.setAccessibleName(QCoreApplication.translate("WelcomePage", u"Open review", None))
#endif // QT_CONFIG(accessibility)
        self.demo_button.setText(QCoreApplication.translate("WelcomePage", u"Open the &demo review", None))
#if QT_CONFIG(tooltip)
        self.demo_button.setToolTip(QCoreApplication.translate("WelcomePage", u"The Case Z demo review, built from a published learning presentation", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.demo_button.setAccessibleName(QCoreApplication.translate("WelcomePage", u"Open the demo review", None))
#endif // QT_CONFIG(accessibility)
        self.recent_label.setText(QCoreApplication.translate("WelcomePage", u"&Recent reviews", None))
#if QT_CONFIG(accessibility)
        self.recent_list.setAccessibleName(QCoreApplication.translate("WelcomePage", u"Recent reviews", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.recent_list.setAccessibleDescription(QCoreApplication.translate("WelcomePage", u"Press Enter to open the selected review", None))
#endif // QT_CONFIG(accessibility)
        self.hint_label.setText(QCoreApplication.translate("WelcomePage", u"You can also drop a review file (.cwr) on this window, or open one from the command line: workbench FILE.", None))
        self.version_label.setText(QCoreApplication.translate("WelcomePage", u"Version", None))
    # retranslateUi

