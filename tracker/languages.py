"""Languages of sources and quotes (ISO 639-1 codes), shared by both apps."""
from django.db import models


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    CHINESE = "zh", "Chinese"
    UYGHUR = "ug", "Uyghur"
    KAZAKH = "kk", "Kazakh"
    KYRGYZ = "ky", "Kyrgyz"
    UZBEK = "uz", "Uzbek"
    RUSSIAN = "ru", "Russian"
    FRENCH = "fr", "French"
    GERMAN = "de", "German"
    SPANISH = "es", "Spanish"
    ARABIC = "ar", "Arabic"
    TURKISH = "tr", "Turkish"
    JAPANESE = "ja", "Japanese"
    KOREAN = "ko", "Korean"
