"""Writes bench/data/drivers-20.csv: the issue's key-driver case of 20 items and 500
respondents (12 relational and 8 service items on a 1-5 agreement scale, two controls, a
0-10 trust outcome driven by a few of them), for bench/specs/drivers-20.json.

Usage: python3 bench/make_drivers20.py   (standard library only; the same file every run)
"""

import csv
import os
import random

N = 500
RELATIONAL = [f"rel_{i + 1:02d}" for i in range(12)]
SERVICE = [f"svc_{i + 1:02d}" for i in range(8)]


def main():
    rng = random.Random(20261204)
    os.makedirs("bench/data", exist_ok=True)
    with open("bench/data/drivers-20.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", *RELATIONAL, *SERVICE, "age_band", "sex", "trust"])
        for i in range(N):
            warmth, speed = rng.gauss(0, 1), rng.gauss(0, 1)
            items = []
            for j, _ in enumerate(RELATIONAL + SERVICE):
                common = warmth if j < len(RELATIONAL) else speed
                latent = 0.8 * common + 0.6 * rng.gauss(0, 1)
                items.append(min(5, max(1, round(3 + 1.1 * latent))))
            age = rng.choice(["18-34", "35-54", "55+"])
            sex = rng.choice(["Female", "Male"])
            score = 5 + 1.2 * warmth + 0.6 * speed + 0.3 * (items[0] - 3) + rng.gauss(0, 1.5)
            out.writerow([i + 1, *items, age, sex, min(10, max(0, round(score)))])


if __name__ == "__main__":
    main()
