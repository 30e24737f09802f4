"""Fictional Indonesian person names for the demo (Faker id_ID).

Faker's `name()`/`name_female()` add academic and honorific titles ("Dr.", "Hj.", ", S.Kom") at
random, and `name()` mixes the sexes: a woman's block full of "Drs. Bambang …, S.T." is the first
thing an officer would disbelieve. So names are composed from the sexed first- and last-name
lists only.
"""

from __future__ import annotations

from faker import Faker


def person_name(fake: Faker, *, female: bool) -> str:
    if female:
        return f"{fake.first_name_female()} {fake.last_name_female()}"
    return f"{fake.first_name_male()} {fake.last_name_male()}"


def first_name(fake: Faker, *, female: bool) -> str:
    return str(fake.first_name_female() if female else fake.first_name_male())
