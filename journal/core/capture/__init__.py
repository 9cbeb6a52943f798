"""Taking a session's photos with a camera (no Qt; a capture view drives it).

frames    the frame source interface, frames, and the grabber thread (latest frame wins)
devices   cameras through OpenCV: the device list, sizes, the errors told apart
v4l2      Linux: what a camera is and which sizes it gives, without opening a stream
files     a video file or a folder of pictures played as a camera (tests, `capture --source`)
ghost     the ghost photo of an earlier session, and the target it sets
analysis  live feedback: match and hints, light, sharpness; the analysis thread
auto      the auto-capture state machine (pure, time-injected)
shots     a shot through the normal import path
session   CaptureSession (the logic) and LiveCapture (it, run against a source)
"""
