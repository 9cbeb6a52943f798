"""Face and eye models the eye detection runs (package data, read with OpenCV's DNN module).

MediaPipe's face detector (BlazeFace, short range), face mesh and iris landmark models,
Apache License 2.0; where they come from and their checksums are in README.md here.
"""
